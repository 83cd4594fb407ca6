import type { ECRClientConfig } from '@aws-sdk/client-ecr';
import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { DEFAULT_TIMEOUT_MS, withDeadline } from '@pull-secret/http';
import { webIdentityTokenRefused } from './aws-errors.js';

export type AwsCredentials = NonNullable<ECRClientConfig['credentials']>;
type AwsCredentialProvider = Extract<AwsCredentials, (...args: never[]) => unknown>;

/** How fromEcr and fromEcrPublic find AWS credentials. */
export interface AwsIdentityInit {
  /**
   * A role to assume: with `webIdentityToken` or `webIdentityTokenFile` through
   * AssumeRoleWithWebIdentity, otherwise through AssumeRole with the default credentials.
   */
  roleArn?: string;
  /** Default `pull-secret`. */
  roleSessionName?: string;
  /** An OpenID Connect token for `roleArn`, or a function that fetches one (GitHub Actions' ID token). */
  webIdentityToken?: string | (() => Promise<string>);
  /** A file holding the OpenID Connect token for `roleArn` (EKS IRSA's AWS_WEB_IDENTITY_TOKEN_FILE). */
  webIdentityTokenFile?: string;
  /** Credentials to use as they are, instead of the SDK's default chain. */
  credentials?: AwsCredentials;
  /** Limit for each AWS call (STS, ECR), connecting and answering, in ms; default 30 000; 0 means none. */
  timeoutMs?: number;
  /** Where AWS_ENDPOINT_URL_* overrides are looked up to name an endpoint that times out; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The SDK's own connect and socket limits, so a hung connection is also closed, not only abandoned. */
export function awsRequestHandler(timeoutMs: number | undefined) {
  const limit = timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return limit > 0 ? { requestHandler: { connectionTimeout: limit, requestTimeout: limit } } : {};
}

/** The endpoint a service is called at, for an error: an AWS_ENDPOINT_URL_* override, else AWS's own name. */
export function awsEndpoint(
  env: Readonly<Record<string, string | undefined>>,
  service: 'ECR' | 'ECR_PUBLIC' | 'STS',
  defaultEndpoint: string,
): string {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || defaultEndpoint;
}

/**
 * The credentials to give an SDK client: `undefined` lets the SDK's default chain find them (env, SSO
 * and profiles, web identity from AWS_WEB_IDENTITY_TOKEN_FILE, container and instance metadata).
 * The SDK's credential modules are loaded here, only when a role is to be assumed.
 */
export async function awsCredentials(
  init: AwsIdentityInit,
  region: string,
  signal?: AbortSignal,
): Promise<AwsCredentials | undefined> {
  if (init.credentials) return init.credentials;
  const { roleArn } = init;
  if (!roleArn) return undefined;
  const roleSessionName = init.roleSessionName ?? 'pull-secret';
  const clientConfig = { region, ...awsRequestHandler(init.timeoutMs) };
  const stsEndpoint = awsEndpoint(
    init.env ?? process.env,
    'STS',
    region ? `https://sts.${region}.amazonaws.com` : 'https://sts.amazonaws.com',
  );
  // The STS call alone has the deadline: minting a web identity token is the token supplier's own call.
  const deadline = <T>(call: () => Promise<T>) =>
    withDeadline(call, { endpoint: stsEndpoint, timeoutMs: init.timeoutMs, signal });
  const providers = await import('@aws-sdk/credential-providers');
  const action =
    init.webIdentityToken || init.webIdentityTokenFile ? 'AssumeRoleWithWebIdentity' : 'AssumeRole';
  let inner: AwsCredentialProvider;
  if (init.webIdentityToken) {
    const supplier = init.webIdentityToken;
    inner = async (props) => {
      const webIdentityToken = typeof supplier === 'string' ? supplier : await supplier();
      return deadline(() =>
        providers.fromWebToken({ roleArn, roleSessionName, webIdentityToken, clientConfig })(props),
      );
    };
  } else if (init.webIdentityTokenFile) {
    const fromFile = providers.fromTokenFile({
      roleArn,
      roleSessionName,
      webIdentityTokenFile: init.webIdentityTokenFile,
      clientConfig,
    });
    inner = (props) => deadline(() => fromFile(props));
  } else {
    const temporary = providers.fromTemporaryCredentials({
      params: { RoleArn: roleArn, RoleSessionName: roleSessionName },
      clientConfig,
    });
    inner = (props) => deadline(() => temporary(props));
  }
  // One STS call for all the regions' clients of one fetch.
  let assumed: ReturnType<AwsCredentialProvider> | undefined;
  return (props) => {
    assumed ??= inner(props).catch((error: unknown) => {
      throw assumeRoleError(error, action, roleArn);
    });
    return assumed;
  };
}

function assumeRoleError(error: unknown, action: string, roleArn: string): Error {
  if (error instanceof PullSecretError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const refused = webIdentityTokenRefused(error, `sts:${action} on ${roleArn}`);
  if (refused) return refused;
  if (name === 'AccessDenied' || name === 'ExpiredTokenException') {
    return new PullSecretError(
      'ECR_ASSUME_ROLE_DENIED',
      `AWS STS refused sts:${action} on ${roleArn} (${name}).`,
      {
        hint:
          action === 'AssumeRoleWithWebIdentity'
            ? "Check the role's trust policy: it must trust the token's issuer (token.actions.githubusercontent.com for GitHub Actions) with audience sts.amazonaws.com and a sub condition matching this repository."
            : "Check the role's trust policy: it must allow sts:AssumeRole to the identity that runs pull-secret.",
        cause: error,
      },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}
