import { PullSecretError } from '@pull-secret/dockerconfigjson';
import type { CliIo } from './cli-io.js';

/**
 * Inside a GitHub Actions job with `permissions: id-token: write`, the runner sets
 * ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN: GET the URL with `&audience=…`
 * and the bearer token, and the answer's `value` is the job's OIDC token. This gives providers that
 * token, so `pull-secret` in a workflow step federates as the Action does; elsewhere, undefined.
 */
export function githubIdToken(io: CliIo): ((audience: string) => Promise<string>) | undefined {
  const requestUrl = io.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = io.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) return undefined;
  io.rememberSecrets?.([requestToken]);
  return async (audience) => {
    const url = new URL(requestUrl);
    url.searchParams.set('audience', audience);
    let value: unknown;
    try {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' },
        signal: AbortSignal.timeout(30_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      value = ((await response.json()) as { value?: unknown }).value;
    } catch (error) {
      throw new PullSecretError(
        'GITHUB_OIDC_FAILED',
        `GitHub did not issue an OIDC token (${(error as Error).message}).`,
        {
          hint: 'Give the job "permissions: id-token: write", or supply the cloud identity another way.',
        },
      );
    }
    if (typeof value !== 'string' || value === '') {
      throw new PullSecretError('GITHUB_OIDC_FAILED', 'GitHub answered without an OIDC token.', {
        hint: 'Give the job "permissions: id-token: write".',
      });
    }
    io.rememberSecrets?.([value]);
    return value;
  };
}
