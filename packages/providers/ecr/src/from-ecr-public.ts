import {
  type CredentialProvider,
  InvalidInputError,
  memoize,
  normalizeRegistryKey,
} from '@pull-secret/dockerconfigjson';
import { withDeadline } from '@pull-secret/http';
import { type AwsIdentityInit, awsCredentials, awsEndpoint, awsRequestHandler } from './aws-credentials.js';
import { awsError } from './aws-errors.js';
import { decodeAuthorizationToken } from './decode-authorization-token.js';
import { ECR_PUBLIC_REGION, isEcrPublicHost } from './parse-ecr-host.js';
import { trackEndpoint } from './track-endpoint.js';

export interface FromEcrPublicInit extends AwsIdentityInit {
  /** ECR Public registries (`public.ecr.aws[/alias]`); default `public.ecr.aws`. */
  registries?: readonly string[];
}

const ACTION = 'ecr-public:GetAuthorizationToken';

/**
 * Credentials for ECR Public (`public.ecr.aws`): an authenticated pull gets higher rate limits. The
 * token always comes from us-east-1, whatever region is configured, and lasts 12 hours.
 */
export function fromEcrPublic(init: FromEcrPublicInit = {}): CredentialProvider {
  const registries = init.registries?.length ? init.registries : ['public.ecr.aws'];
  for (const registry of registries) {
    if (!isEcrPublicHost(registry)) {
      throw new InvalidInputError('ECR_NOT_AN_ECR_PUBLIC_REGISTRY', `${registry} is not ECR Public.`, {
        hint: parseEcrPublicHint(registry),
      });
    }
  }
  return memoize(async (opts) => {
    const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr-public');
    let client: InstanceType<typeof ECRPUBLICClient> | undefined;
    let data: { authorizationToken?: string | undefined; expiresAt?: Date | undefined } | undefined;
    const signal = opts?.signal;
    try {
      const credentials = await awsCredentials(init, ECR_PUBLIC_REGION, signal);
      if (typeof credentials === 'function') await credentials();
      client = new ECRPUBLICClient({
        region: ECR_PUBLIC_REGION,
        ...(credentials ? { credentials } : {}),
        ...awsRequestHandler(init.timeoutMs),
      });
      const endpoint = trackEndpoint(
        client,
        awsEndpoint(
          init.env ?? process.env,
          'ECR_PUBLIC',
          `https://api.ecr-public.${ECR_PUBLIC_REGION}.amazonaws.com`,
        ),
      );
      const ecrPublic = client;
      const output = await withDeadline(
        (abortSignal) => ecrPublic.send(new GetAuthorizationTokenCommand({}), { abortSignal }),
        { endpoint, timeoutMs: init.timeoutMs, signal },
      );
      data = output.authorizationData;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw awsError(error, ACTION, ECR_PUBLIC_REGION);
    } finally {
      client?.destroy();
    }
    const login = decodeAuthorizationToken(data?.authorizationToken);
    const expiresAt = data?.expiresAt;
    return registries.map((registry) => ({
      registry: normalizeRegistryKey(registry),
      ...login,
      ...(expiresAt ? { expiresAt: new Date(expiresAt.getTime()) } : {}),
    }));
  });
}

function parseEcrPublicHint(registry: string): string {
  return /\.dkr[.-]ecr/.test(registry)
    ? 'Private ECR registries have their own provider: use {{provider}} ecr.'
    : 'ECR Public is public.ecr.aws.';
}
