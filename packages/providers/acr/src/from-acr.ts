import type { ContainerRegistryManagementClient, Registry } from '@azure/arm-containerregistry';
import type { TokenCredential } from '@azure/identity';
import {
  type CredentialProvider,
  InvalidInputError,
  memoize,
  PullSecretError,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import { DEFAULT_TIMEOUT_MS, withDeadline } from '@pull-secret/http';
import { AZURE_CLOUDS, type AzureCloud, acrCloudOf, loginServerOf } from './acr-cloud.js';
import { ACR_REFRESH_TOKEN_USERNAME, exchangeForRefreshToken, jwtClaims } from './acr-exchange.js';
import { azureAccessToken, azureCredential } from './azure-credential.js';

export const ACR_AUTH_MODES = ['exchange', 'service-principal', 'admin', 'token'] as const;
export type AcrAuth = (typeof ACR_AUTH_MODES)[number];

export interface FromAcrInit {
  /**
   * Registries as the user wrote them (`myreg.azurecr.io`, maybe with a scheme or path); each is the
   * `auths` key of its credential. Empty: every registry of the subscription (exchange, admin, token).
   */
  registries?: readonly string[];
  /** How to log in; default `exchange`. */
  auth?: AcrAuth;
  tenantId?: string;
  clientId?: string;
  /** With `service-principal` it is the password; otherwise it signs in to Entra ID. */
  clientSecret?: string;
  /** Needed to find registries in ARM: admin, token, and exchange with no registries given. */
  subscriptionId?: string;
  /** Narrows the ARM registry lookup to one resource group. */
  resourceGroup?: string;
  /** `token`: the scope-map token to generate a password for. */
  tokenName?: string;
  /** `token`: the password slot to (re)generate; default `password1`. Alternate to rotate without a gap. */
  tokenPassword?: 'password1' | 'password2';
  /** `token`: how long the generated password lives; default 24 hours. */
  tokenLifetimeSeconds?: number;
  /** Any `@azure/identity` credential; replaces the choice made from tenantId/clientId/clientSecret/idToken. */
  credential?: TokenCredential;
  /** GitHub OIDC: an ID token for `api://AzureADTokenExchange`, used as a client assertion. */
  idToken?: (audience: string) => Promise<string>;
  /** Entra ID's host; default the registry's cloud (login.microsoftonline.com, .us, chinacloudapi.cn). */
  authorityHost?: string;
  /** Azure Resource Manager; default the registry's cloud (management.azure.com, ...). */
  armEndpoint?: string;
  /** Where the registry exchange reads HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Limit for each call (Entra ID, ARM, the registry's exchange), in ms; default 30 000; 0 means none. */
  timeoutMs?: number;
  now?: () => Date;
}

const DEFAULT_TOKEN_LIFETIME_SECONDS = 24 * 3600;

/**
 * Azure Container Registry logins. `exchange` trades an Entra ID token for an ACR refresh token
 * (username `00000000-0000-0000-0000-000000000000`, about three hours); `service-principal` uses the
 * app's client ID and secret as they are; `admin` reads the admin user's password from ARM; `token`
 * generates a password for a scope-map token. The Azure SDKs are loaded when the provider is called.
 */
export function fromAcr(init: FromAcrInit = {}): CredentialProvider {
  const auth = init.auth ?? 'exchange';
  if (!ACR_AUTH_MODES.includes(auth)) {
    throw new InvalidInputError('ACR_UNKNOWN_AUTH', `"${auth}" is not an ACR auth mode.`, {
      hint: `Use one of: ${ACR_AUTH_MODES.join(', ')}.`,
    });
  }
  const registries = [...(init.registries ?? [])];
  const cloud = cloudFor(registries);
  const authorityHost = init.authorityHost ?? cloud.authorityHost;
  const armEndpoint = init.armEndpoint ?? cloud.armEndpoint;
  if (auth === 'service-principal') return servicePrincipal(init, registries);
  if (auth === 'token' && !init.tokenName) {
    throw new InvalidInputError('ACR_NO_TOKEN_NAME', 'ACR token mode needs the name of a scope-map token.', {
      hint: 'Set {{acr-token-name}} (create one with `az acr token create`).',
    });
  }

  // Memoized: one login (and, in token mode, one password generated) until half its lifetime is gone.
  return memoize(async ({ signal } = {}) => {
    const limits = { signal, timeoutMs: init.timeoutMs, authority: authorityHost };
    const credential =
      init.credential ??
      (await azureCredential({
        tenantId: init.tenantId,
        clientId: init.clientId,
        clientSecret: init.clientSecret,
        idToken: init.idToken,
        federatedTokenFile: (init.env ?? process.env).AZURE_FEDERATED_TOKEN_FILE,
        authorityHost,
      }));
    const arm = async () => {
      if (!init.subscriptionId) {
        throw new InvalidInputError(
          'ACR_NO_SUBSCRIPTION',
          `ACR ${auth} mode needs the Azure subscription of the registry.`,
          {
            hint: 'Set {{azure-subscription-id}} or AZURE_SUBSCRIPTION_ID.',
          },
        );
      }
      // Signed in before ARM is called, so that a silent Entra ID is the endpoint a timeout names;
      // the credential caches the token for the client's own request.
      await azureAccessToken(credential, `${armEndpoint}/.default`, limits);
      const { ContainerRegistryManagementClient } = await import('@azure/arm-containerregistry');
      return new ContainerRegistryManagementClient(credential, init.subscriptionId, {
        endpoint: armEndpoint,
      });
    };
    const armCall = <T>(what: string, call: (options: ArmCallOptions) => Promise<T>) =>
      callArm(what, auth, call, { ...limits, endpoint: armEndpoint });

    if (auth === 'exchange') {
      const targets =
        registries.length > 0
          ? registries.map((registry) => ({ key: registry, loginServer: loginServerOf(registry) }))
          : (await findRegistries(await arm(), init, [], armCall)).map(({ loginServer }) => ({
              key: loginServer,
              loginServer,
            }));
      const accessToken = await azureAccessToken(credential, cloud.acrScope, limits);
      const tid = jwtClaims(accessToken)?.tid;
      const tenantId = init.tenantId ?? (typeof tid === 'string' ? tid : undefined);
      const credentials: RegistryCredential[] = [];
      for (const { key, loginServer } of targets) {
        const { refreshToken, expiresAt } = await exchangeForRefreshToken({
          loginServer,
          accessToken,
          tenantId,
          ...(init.env ? { env: init.env } : {}),
          ...(init.timeoutMs === undefined ? {} : { timeoutMs: init.timeoutMs }),
          ...(signal ? { signal } : {}),
        });
        credentials.push({
          registry: key,
          username: ACR_REFRESH_TOKEN_USERNAME,
          password: refreshToken,
          expiresAt,
        });
      }
      return credentials;
    }

    const client = await arm();
    const found = await findRegistries(client, init, registries, armCall);
    const credentials: RegistryCredential[] = [];
    for (const { key, resource, resourceGroup } of found) {
      const name = resource.name!;
      if (auth === 'admin') {
        const result = await armCall(`listCredentials on ${name}`, (options) =>
          client.registries.listCredentials(resourceGroup, name, options),
        );
        const password = result.passwords?.find((entry) => entry.value)?.value;
        if (!result.username || !password) {
          throw new PullSecretError('ACR_ADMIN_DISABLED', `The admin user of ${name} has no password.`, {
            hint: `Enable it with \`az acr update -n ${name} --admin-enabled true\`, or set {{acr-auth}} to exchange.`,
          });
        }
        credentials.push({ registry: key, username: result.username, password });
        continue;
      }
      const slot = init.tokenPassword ?? 'password1';
      const now = init.now?.() ?? new Date();
      const lifetime = init.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
      const result = await armCall(`generateCredentials for token ${init.tokenName} on ${name}`, (options) =>
        client.registries.generateCredentials(
          resourceGroup,
          name,
          {
            tokenId: `${resource.id}/tokens/${init.tokenName}`,
            expiry: new Date(now.getTime() + lifetime * 1000),
            name: slot,
          },
          options,
        ),
      );
      const password = result.passwords?.find((entry) => entry.name === slot && entry.value);
      if (!result.username || !password?.value) {
        throw new PullSecretError(
          'ACR_TOKEN_NO_PASSWORD',
          `ACR returned no ${slot} for token ${init.tokenName}.`,
          {
            hint: 'Check that the token is enabled: `az acr token show`.',
          },
        );
      }
      credentials.push({
        registry: key,
        username: result.username,
        password: password.value,
        ...(password.expiry ? { expiresAt: new Date(password.expiry) } : {}),
      });
    }
    return credentials;
  });
}

function servicePrincipal(init: FromAcrInit, registries: string[]): CredentialProvider {
  if (!init.clientId || !init.clientSecret) {
    throw new InvalidInputError(
      'ACR_NO_SERVICE_PRINCIPAL',
      'ACR service-principal mode needs a client ID and a client secret.',
      {
        hint: 'Set {{azure-client-id}} or AZURE_CLIENT_ID, and AZURE_CLIENT_SECRET or {{azure-client-secret}}.',
      },
    );
  }
  if (registries.length === 0) {
    throw new InvalidInputError(
      'ACR_NO_REGISTRY',
      'ACR service-principal mode needs the registries to log in to.',
      {
        hint: 'Name them with {{registry}}, e.g. myregistry.azurecr.io.',
      },
    );
  }
  const { clientId, clientSecret } = init;
  return async () => registries.map((registry) => ({ registry, username: clientId, password: clientSecret }));
}

/** The cloud of the registries' hosts; hosts outside every cloud (a private DNS name) use the public one. */
function cloudFor(registries: readonly string[]): AzureCloud {
  const clouds = new Set(registries.map(acrCloudOf).filter((cloud) => cloud !== undefined));
  if (clouds.size > 1) {
    throw new InvalidInputError('ACR_MIXED_CLOUDS', 'The registries belong to different Azure clouds.', {
      hint: 'Make one Secret per cloud: one identity signs in to one cloud.',
    });
  }
  return [...clouds][0] ?? AZURE_CLOUDS[0]!;
}

interface FoundRegistry {
  key: string;
  loginServer: string;
  resource: Registry;
  resourceGroup: string;
}

/**
 * The ARM registries whose `loginServer` is one of `registries` (all of them when empty): the login
 * server is read from ARM rather than assumed to be `<name>.azurecr.io`.
 */
async function findRegistries(
  client: ContainerRegistryManagementClient,
  init: FromAcrInit,
  registries: readonly string[],
  armCall: <T>(what: string, call: (options: ArmCallOptions) => Promise<T>) => Promise<T>,
): Promise<FoundRegistry[]> {
  const listed: Registry[] = [];
  await armCall('listing registries', async (options) => {
    const pages = init.resourceGroup
      ? client.registries.listByResourceGroup(init.resourceGroup, options)
      : client.registries.list(options);
    for await (const registry of pages) listed.push(registry);
  });
  const found = (key: string, resource: Registry): FoundRegistry => ({
    key,
    loginServer: resource.loginServer!.toLowerCase(),
    resource,
    resourceGroup: /\/resourceGroups\/([^/]+)\//i.exec(resource.id ?? '')?.[1] ?? '',
  });
  const withLogin = listed.filter((resource) => resource.loginServer && resource.name && resource.id);
  if (registries.length === 0) {
    if (withLogin.length === 0) {
      throw new PullSecretError(
        'ACR_NO_REGISTRIES',
        'The subscription has no container registries this identity can see.',
        {
          hint: 'Name the registries with {{registry}}, or grant the identity Reader on them.',
        },
      );
    }
    return withLogin.map((resource) => found(resource.loginServer!.toLowerCase(), resource));
  }
  return registries.map((registry) => {
    const loginServer = loginServerOf(registry);
    const resource = withLogin.find((candidate) => candidate.loginServer!.toLowerCase() === loginServer);
    if (!resource) {
      throw new PullSecretError(
        'ACR_REGISTRY_NOT_FOUND',
        `No registry with login server ${loginServer} is in the subscription.`,
        {
          hint: 'Check {{azure-subscription-id}} and {{acr-resource-group}}, and that the identity has Reader on the registry.',
        },
      );
    }
    return found(registry, resource);
  });
}

/** What each ARM call is given: the deadline's signal, and the SDK's own per-request limit. */
interface ArmCallOptions {
  abortSignal: AbortSignal;
  requestOptions?: { timeout: number };
}

/**
 * Runs an ARM call within the time limit; its refusals become one-sentence errors naming the role the
 * mode needs.
 */
async function callArm<T>(
  what: string,
  auth: AcrAuth,
  call: (options: ArmCallOptions) => Promise<T>,
  limits: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined; endpoint: string },
): Promise<T> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    return await withDeadline(
      (abortSignal) =>
        call({ abortSignal, ...(timeoutMs > 0 ? { requestOptions: { timeout: timeoutMs } } : {}) }),
      { endpoint: limits.endpoint, timeoutMs, signal: limits.signal },
    );
  } catch (error) {
    if (limits.signal?.aborted) throw limits.signal.reason;
    if (error instanceof PullSecretError || (error instanceof Error && error.name === 'AbortError'))
      throw error;
    const status = (error as { statusCode?: number }).statusCode;
    const code = (error as { code?: string }).code;
    const detail = [status ? `HTTP ${status}` : undefined, code].filter(Boolean).join(', ');
    throw new PullSecretError(
      'ACR_ARM_FAILED',
      `Azure Resource Manager refused ${what}${detail ? ` (${detail})` : ''}.`,
      {
        hint: ROLE_HINTS[auth],
        cause: error,
      },
    );
  }
}

const ROLE_HINTS: Record<AcrAuth, string> = {
  exchange:
    'Listing registries needs Reader on them; or name the registries with {{registry}} so no listing is needed.',
  'service-principal': '',
  admin:
    'Admin mode needs Microsoft.ContainerRegistry/registries/listCredentials/action (Contributor, or Container Registry Contributor and Data Access Configuration Administrator) and the admin user enabled.',
  token:
    'Token mode needs Microsoft.ContainerRegistry/registries/generateCredentials/action (Contributor, or Container Registry Contributor and Data Access Configuration Administrator).',
};
