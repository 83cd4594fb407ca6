import type { TokenCredential } from '@azure/identity';
import {
  CredentialUnavailableError,
  InvalidInputError,
  PullSecretError,
} from '@pull-secret/dockerconfigjson';
import { DEFAULT_TIMEOUT_MS, EndpointTimeoutError, withDeadline } from '@pull-secret/http';
import { AZURE_CLOUDS } from './acr-cloud.js';

/** The audience GitHub's OIDC token must carry for Entra ID workload identity federation. */
export const AZURE_FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

export interface AzureIdentityInit {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  /** An OIDC ID token source (GitHub Actions), used as a client assertion with tenantId and clientId. */
  idToken?: (audience: string) => Promise<string>;
  /** AKS workload identity's projected token (AZURE_FEDERATED_TOKEN_FILE), a client assertion read per sign-in. */
  federatedTokenFile?: string | undefined;
  authorityHost: string;
}

/**
 * The Entra ID identity to use: a client secret when one is given; else GitHub OIDC when an ID token
 * source, a tenant and a client are; else AKS workload identity when its token file, a tenant and a
 * client are (on its own, so that Entra ID's refusal is reported as such: inside
 * DefaultAzureCredential it would read as "no identity"); else `DefaultAzureCredential` (environment,
 * managed identity, Azure CLI). Loads `@azure/identity` on first use.
 */
export async function azureCredential(init: AzureIdentityInit): Promise<TokenCredential> {
  const identity = await import('@azure/identity');
  // Instance discovery asks login.microsoftonline.com whether the authority is known: only for Microsoft's own.
  const options = {
    authorityHost: init.authorityHost,
    disableInstanceDiscovery: !AZURE_CLOUDS.some(
      (cloud) => cloud.authorityHost === init.authorityHost.replace(/\/$/, ''),
    ),
  };
  if (init.clientSecret) {
    const missing = [
      init.tenantId ? undefined : '{{azure-tenant-id}} or AZURE_TENANT_ID',
      init.clientId ? undefined : '{{azure-client-id}} or AZURE_CLIENT_ID',
    ].filter((item) => item !== undefined);
    if (missing.length > 0) {
      throw new InvalidInputError(
        'ACR_INCOMPLETE_SERVICE_PRINCIPAL',
        'A client secret was given without its tenant and client ID.',
        {
          hint: `Set ${missing.join(' and ')}.`,
        },
      );
    }
    return new identity.ClientSecretCredential(init.tenantId!, init.clientId!, init.clientSecret, options);
  }
  if (init.idToken && init.tenantId && init.clientId) {
    const idToken = init.idToken;
    return new identity.ClientAssertionCredential(
      init.tenantId,
      init.clientId,
      () => idToken(AZURE_FEDERATION_AUDIENCE),
      options,
    );
  }
  if (init.federatedTokenFile && init.tenantId && init.clientId) {
    return new identity.WorkloadIdentityCredential({
      ...options,
      tenantId: init.tenantId,
      clientId: init.clientId,
      tokenFilePath: init.federatedTokenFile,
    });
  }
  return new identity.DefaultAzureCredential({
    ...options,
    ...(init.tenantId ? { tenantId: init.tenantId } : {}),
    ...(init.clientId
      ? { managedIdentityClientId: init.clientId, workloadIdentityClientId: init.clientId }
      : {}),
  });
}

/**
 * An Entra ID access token for `scope`, within the time limit, with the identity's failures turned
 * into pull-secret errors. `authority` is the endpoint a timeout names.
 */
export async function azureAccessToken(
  credential: TokenCredential,
  scope: string,
  limits: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined; authority: string },
): Promise<string> {
  const timeoutMs = limits.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const token = await withDeadline(
      (abortSignal) =>
        credential.getToken(scope, {
          abortSignal,
          ...(timeoutMs > 0 ? { requestOptions: { timeout: timeoutMs } } : {}),
        }),
      { endpoint: limits.authority, timeoutMs, signal: limits.signal },
    );
    if (!token) throw new Error('The credential returned no token.');
    return token.token;
  } catch (error) {
    if (limits.signal?.aborted) throw limits.signal.reason;
    throw azureIdentityError(error);
  }
}

function azureIdentityError(error: unknown): Error {
  const name = error instanceof Error ? error.name : '';
  if (name === 'AbortError' || error instanceof EndpointTimeoutError) return error as Error;
  // DefaultAzureCredential reports "nothing here" as an AggregateAuthenticationError whose every
  // inner error is unavailable: that is no identity, not a refusal.
  const inner = (error as { errors?: unknown[] })?.errors;
  const allUnavailable =
    name === 'AggregateAuthenticationError' &&
    Array.isArray(inner) &&
    inner.length > 0 &&
    inner.every((each) => UNAVAILABLE.has((each as Error)?.name));
  if (name === 'CredentialUnavailableError' || allUnavailable) {
    const tried = allUnavailable ? triedSources(inner as Error[]) : [];
    return new CredentialUnavailableError('ACR_NO_AZURE_IDENTITY', 'No Azure identity is available here.', {
      hint: `${tried.length > 0 ? `Tried: ${tried.join(', ')}. ` : ''}Set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET, run \`az login\`, use a managed or workload identity, or sign in with GitHub OIDC (azure/login, or id-token: write in the Action).`,
      cause: error,
    });
  }
  // Entra ID's AADSTS code says what is wrong (7000215: bad secret, 700016: unknown app, 700213: no federated credential).
  const code = /AADSTS\d+/.exec(error instanceof Error ? error.message : '')?.[0];
  return new PullSecretError(
    'ACR_AZURE_SIGN_IN_FAILED',
    `Entra ID refused the Azure sign-in${code ? ` (${code})` : ''}.`,
    {
      hint: 'Check the tenant ID, the client ID and its secret or federated credential (its subject must match the GitHub workflow, or system:serviceaccount:NAMESPACE:NAME for a Kubernetes ServiceAccount).',
      cause: error,
    },
  );
}

const UNAVAILABLE = new Set(['CredentialUnavailableError', 'AuthenticationRequiredError']);

// What each of DefaultAzureCredential's sources says when it has nothing, as a user knows it.
const SOURCES: readonly [RegExp, string][] = [
  [/EnvironmentCredential/, 'environment variables'],
  [/WorkloadIdentityCredential/, 'workload identity'],
  [/ManagedIdentityCredential/, 'managed identity'],
  [/Visual Studio Code/, 'VS Code'],
  [/Azure Developer CLI/, 'Azure Developer CLI'],
  [/Azure CLI/, 'Azure CLI'],
  [/PowerShell/, 'Azure PowerShell'],
  [/BrokerCredential|broker/i, 'the Windows broker'],
];

/** The sources an aggregate error's inner errors name, in the order they were tried, each once. */
function triedSources(errors: readonly Error[]): string[] {
  const tried = errors.map(
    (each) => SOURCES.find(([pattern]) => pattern.test(`${each.message}`))?.[1] ?? 'another credential',
  );
  return [...new Set(tried)];
}
