import {
  type CredentialProvider,
  InvalidInputError,
  memoize,
  PullSecretError,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import { withDeadline } from '@pull-secret/http';
import {
  type AwsCredentials,
  type AwsIdentityInit,
  awsCredentials,
  awsEndpoint,
  awsRequestHandler,
} from './aws-credentials.js';
import { awsError } from './aws-errors.js';
import { decodeAuthorizationToken } from './decode-authorization-token.js';
import { type EcrRegistry, isEcrPublicHost, parseEcrHost } from './parse-ecr-host.js';
import { trackEndpoint } from './track-endpoint.js';

export interface FromEcrInit extends AwsIdentityInit {
  /**
   * Private ECR registries, `ACCOUNT.dkr.ecr.REGION.amazonaws.com[/path]` (any partition, FIPS and
   * dual-stack names too). None: the caller's own registry in `region`.
   */
  registries?: readonly string[];
  /** The region of the caller's own registry when `registries` is empty, and of STS; default the SDK's. */
  region?: string;
}

const ACTION = 'ecr:GetAuthorizationToken';

/**
 * Credentials for private Amazon ECR registries: one GetAuthorizationToken call per region (and FIPS
 * or not) for every account asked there, through `@aws-sdk/client-ecr`, loaded on the first call.
 * Tokens last 12 hours; the provider is memoized and fetches again at half-life.
 */
export function fromEcr(init: FromEcrInit = {}): CredentialProvider {
  const targets = (init.registries ?? []).map(ecrTarget);
  return memoize(async (opts) => {
    // One identity (one STS call when a role is assumed) for every region of this fetch, assumed
    // before ECR is called so that a silent STS is the endpoint a timeout names.
    const credentials = await awsCredentials(init, init.region ?? targets[0]?.region ?? '', opts?.signal);
    if (typeof credentials === 'function') {
      await credentials().catch((error: unknown) => {
        if (opts?.signal?.aborted) throw opts.signal.reason;
        throw awsError(error, ACTION, init.region ?? targets[0]?.region);
      });
    }
    if (targets.length === 0) return fetchDefaultRegistry(init, credentials, opts?.signal);
    const groups = new Map<string, EcrRegistry[]>();
    for (const target of targets) {
      const group = `${target.region} ${target.fips}`;
      groups.set(group, [...(groups.get(group) ?? []), target]);
    }
    const fetched = await Promise.all(
      [...groups.values()].map((group) => fetchRegion(init, credentials, group, opts?.signal)),
    );
    return fetched.flat();
  });
}

function ecrTarget(registry: string): EcrRegistry {
  const target = parseEcrHost(registry);
  if (target) return target;
  throw new InvalidInputError('ECR_NOT_AN_ECR_REGISTRY', `${registry} is not an Amazon ECR registry.`, {
    hint: isEcrPublicHost(registry)
      ? 'ECR Public has its own provider: use {{provider}} ecr-public.'
      : 'ECR registries look like 123456789012.dkr.ecr.us-east-1.amazonaws.com.',
  });
}

async function fetchRegion(
  init: FromEcrInit,
  credentials: AwsCredentials | undefined,
  targets: readonly EcrRegistry[],
  signal: AbortSignal | undefined,
): Promise<RegistryCredential[]> {
  const { region, fips } = targets[0]!;
  const accounts = [...new Set(targets.map((target) => target.accountId))];
  const data = await getAuthorizationToken(
    init,
    credentials,
    { region, fips, registryIds: accounts },
    signal,
  );
  return targets.map((target) => {
    // Matched by the account in proxyEndpoint; a single answer to a single account needs no match.
    const entry =
      data.find((candidate) => accountOf(candidate.proxyEndpoint) === target.accountId) ??
      (accounts.length === 1 && data.length === 1 ? data[0] : undefined);
    if (!entry) {
      throw new PullSecretError(
        'ECR_NO_TOKEN',
        `ECR returned no token for account ${target.accountId} in ${region}.`,
        {
          hint: `Check that ${target.registry} exists and that this identity may call ${ACTION} for it.`,
        },
      );
    }
    return credential(target.registry, entry);
  });
}

async function fetchDefaultRegistry(
  init: FromEcrInit,
  credentials: AwsCredentials | undefined,
  signal: AbortSignal | undefined,
): Promise<RegistryCredential[]> {
  const data = await getAuthorizationToken(init, credentials, { region: init.region, fips: false }, signal);
  return data.map((entry) => {
    const registry = entry.proxyEndpoint?.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    if (!registry) {
      throw new PullSecretError('ECR_NO_TOKEN', 'ECR returned a token without its registry.', {
        hint: 'Name the registry with {{registry}} as ACCOUNT.dkr.ecr.REGION.amazonaws.com.',
      });
    }
    return credential(registry, entry);
  });
}

interface AuthorizationData {
  authorizationToken?: string | undefined;
  expiresAt?: Date | undefined;
  proxyEndpoint?: string | undefined;
}

async function getAuthorizationToken(
  init: FromEcrInit,
  credentials: AwsCredentials | undefined,
  request: { region: string | undefined; fips: boolean; registryIds?: string[] },
  signal: AbortSignal | undefined,
): Promise<AuthorizationData[]> {
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  const env = init.env ?? process.env;
  let client: InstanceType<typeof ECRClient> | undefined;
  try {
    client = new ECRClient({
      ...(request.region ? { region: request.region } : {}),
      // The SDK refuses FIPS with a custom endpoint; an AWS_ENDPOINT_URL_* override names its own.
      ...(request.fips && !hasEndpointOverride(env) ? { useFipsEndpoint: true } : {}),
      ...(credentials ? { credentials } : {}),
      ...awsRequestHandler(init.timeoutMs),
    });
    const region = request.region ?? init.region;
    const endpoint = trackEndpoint(
      client,
      awsEndpoint(
        env,
        'ECR',
        region ? `https://${request.fips ? 'ecr-fips' : 'api.ecr'}.${region}.amazonaws.com` : 'Amazon ECR',
      ),
    );
    const input = request.registryIds ? { registryIds: request.registryIds } : {};
    const ecr = client;
    const output = await withDeadline(
      (abortSignal) => ecr.send(new GetAuthorizationTokenCommand(input), { abortSignal }),
      { endpoint, timeoutMs: init.timeoutMs, signal },
    );
    return output.authorizationData ?? [];
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw awsError(error, ACTION, request.region ?? init.region);
  } finally {
    client?.destroy();
  }
}

function credential(registry: string, data: AuthorizationData): RegistryCredential {
  const login = decodeAuthorizationToken(data.authorizationToken);
  return { registry, ...login, ...(data.expiresAt ? { expiresAt: new Date(data.expiresAt.getTime()) } : {}) };
}

function accountOf(proxyEndpoint: string | undefined): string | undefined {
  return proxyEndpoint ? parseEcrHost(proxyEndpoint)?.accountId : undefined;
}

function hasEndpointOverride(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_ECR || env.AWS_ENDPOINT_URL);
}
