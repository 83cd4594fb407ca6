import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { EndpointTimeoutError, httpClient } from '@pull-secret/http';

/** The username ACR takes with a refresh token as the password. */
export const ACR_REFRESH_TOKEN_USERNAME = '00000000-0000-0000-0000-000000000000';

export interface AcrExchangeRequest {
  /** `myreg.azurecr.io`, or `host:port`. */
  loginServer: string;
  /** An Entra ID access token for the ACR audience. */
  accessToken: string;
  tenantId?: string;
  /** Where HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Limit for the call, in ms; default 30 000; 0 means none. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Trades an Entra ID access token for an ACR refresh token at `https://<loginServer>/oauth2/exchange`
 * (form fields `grant_type=access_token`, `service`, `tenant`, `access_token`), which `docker login`
 * accepts as the password. The refresh token is a JWT; its `exp` claim is when it stops working.
 */
export async function exchangeForRefreshToken(
  request: AcrExchangeRequest,
): Promise<{ refreshToken: string; expiresAt: Date }> {
  const form = new URLSearchParams({ grant_type: 'access_token', service: request.loginServer });
  if (request.tenantId) form.set('tenant', request.tenantId);
  form.set('access_token', request.accessToken);
  const http = httpClient({
    env: request.env ?? process.env,
    ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
    ...(request.signal ? { signal: request.signal } : {}),
    maxResponseBytes: 64 * 1024,
  });
  let response: { status: number; body: string };
  try {
    // A POST is not redirected: a 3xx is reported as a refusal, as `redirect: 'error'` did.
    response = await http.send(`https://${request.loginServer}/oauth2/exchange`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    if (error instanceof EndpointTimeoutError) throw error;
    throw new PullSecretError(
      'ACR_EXCHANGE_UNREACHABLE',
      `Could not reach ${request.loginServer} to exchange the Azure token.`,
      {
        hint: 'Check the registry host and that this machine can reach it over HTTPS.',
        cause: error,
      },
    );
  } finally {
    await http.close().catch(() => {});
  }
  const text = response.body;
  if (response.status < 200 || response.status > 299) {
    throw new PullSecretError(
      'ACR_EXCHANGE_REFUSED',
      `${request.loginServer} refused the Azure token exchange (HTTP ${response.status}${errorCode(text)}).`,
      {
        hint:
          response.status === 401 || response.status === 403
            ? 'Grant the identity the AcrPull role on the registry, and check that the registry allows Entra ID authentication.'
            : 'Check that the host is an Azure Container Registry login server.',
      },
    );
  }
  const refreshToken = parseRefreshToken(text);
  const expiresAt = jwtExpiry(refreshToken);
  if (!refreshToken || !expiresAt) {
    throw new PullSecretError(
      'ACR_EXCHANGE_BAD_RESPONSE',
      `${request.loginServer} answered the token exchange without a refresh token that has an expiry.`,
      { hint: 'Check that the host is an Azure Container Registry login server.' },
    );
  }
  return { refreshToken, expiresAt };
}

/** The `exp` claim of a JWT as a date, without checking the signature (the registry does that). */
export function jwtExpiry(token: string | undefined): Date | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === 'number' && Number.isFinite(exp) ? new Date(exp * 1000) : undefined;
}

/** The claims of a JWT, unverified, or undefined when it is not one. */
export function jwtClaims(token: string | undefined): Record<string, unknown> | undefined {
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function parseRefreshToken(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { refresh_token?: unknown };
    return typeof body.refresh_token === 'string' && body.refresh_token ? body.refresh_token : undefined;
  } catch {
    return undefined;
  }
}

/** `, UNAUTHORIZED` from ACR's `{"errors":[{"code":...}]}`: codes only, never the message text. */
function errorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { errors?: { code?: unknown }[] }).errors?.[0]?.code;
    return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? `, ${code}` : '';
  } catch {
    return '';
  }
}
