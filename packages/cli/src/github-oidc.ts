import type { CliIo } from './cli-io.js';

/**
 * The job's OIDC token supplier inside a GitHub Actions job with `permissions: id-token: write`
 * (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN set), so `pull-secret` in a workflow step federates as the
 * Action does; elsewhere, undefined. The HTTP client is loaded only when a token is asked for.
 */
export function githubIdToken(
  io: CliIo,
  timeoutMs?: number,
): ((audience: string) => Promise<string>) | undefined {
  if (!io.env.ACTIONS_ID_TOKEN_REQUEST_URL || !io.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) return undefined;
  io.rememberSecrets?.([io.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN]);
  let supplier: Promise<((audience: string) => Promise<string>) | undefined> | undefined;
  return async (audience) => {
    supplier ??= import('@pull-secret/http').then(({ githubIdTokenSupplier }) =>
      githubIdTokenSupplier({
        env: io.env,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
        onSecret: (secret) => io.rememberSecrets?.([secret]),
      }),
    );
    return (await supplier)!(audience);
  };
}
