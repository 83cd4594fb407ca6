import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { EndpointTimeoutError } from './endpoint-timeout.js';
import { httpClient } from './http-client.js';

export interface GithubIdTokenInit {
  /** Where ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN (and proxies, CAs) are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Per request; default 30 000; 0 means none. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Told each secret as it is learned (the request token, each ID token), to mask them. */
  onSecret?: (secret: string) => void;
}

/**
 * Inside a GitHub Actions job with `permissions: id-token: write`, the runner sets
 * ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN: GET the URL with `&audience=…`
 * and the bearer token, and the answer's `value` is the job's OIDC token. Returns a supplier of such
 * tokens for providers' web identity federation, or undefined outside such a job.
 */
export function githubIdTokenSupplier(
  init: GithubIdTokenInit,
): ((audience: string) => Promise<string>) | undefined {
  const requestUrl = init.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = init.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) return undefined;
  init.onSecret?.(requestToken);
  return async (audience) => {
    const url = new URL(requestUrl);
    url.searchParams.set('audience', audience);
    const http = httpClient({
      env: init.env,
      ...(init.timeoutMs === undefined ? {} : { timeoutMs: init.timeoutMs }),
      ...(init.signal ? { signal: init.signal } : {}),
      maxResponseBytes: 64 * 1024,
    });
    let value: unknown;
    try {
      const response = await http.send(url.href, {
        headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' },
      });
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      value = (JSON.parse(response.body) as { value?: unknown } | null)?.value;
    } catch (error) {
      if (error instanceof EndpointTimeoutError || init.signal?.aborted) throw error;
      throw new PullSecretError(
        'GITHUB_OIDC_FAILED',
        `GitHub did not issue an OIDC token (${reason(error)}).`,
        {
          hint: 'Give the job "permissions: id-token: write", or supply the cloud identity another way.',
        },
      );
    } finally {
      await http.close().catch(() => {});
    }
    if (typeof value !== 'string' || value === '') {
      throw new PullSecretError('GITHUB_OIDC_FAILED', 'GitHub answered without an OIDC token.', {
        hint: 'Give the job "permissions: id-token: write".',
      });
    }
    init.onSecret?.(value);
    return value;
  };
}

/** A short reason that holds nothing from the answer's body (it may echo a token). */
function reason(error: unknown): string {
  if (error instanceof SyntaxError) return 'the answer is not JSON';
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : ((error as Error)?.message ?? String(error));
}
