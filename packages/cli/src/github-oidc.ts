import { githubIdTokenSupplier } from '@pull-secret/http';
import type { CliIo } from './cli-io.js';

/**
 * The job's OIDC token supplier inside a GitHub Actions job with `permissions: id-token: write`
 * (ACTIONS_ID_TOKEN_REQUEST_URL and _TOKEN set), so `pull-secret` in a workflow step federates as the
 * Action does; elsewhere, undefined.
 */
export function githubIdToken(
  io: CliIo,
  timeoutMs?: number,
): ((audience: string) => Promise<string>) | undefined {
  return githubIdTokenSupplier({
    env: io.env,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    onSecret: (secret) => io.rememberSecrets?.([secret]),
  });
}
