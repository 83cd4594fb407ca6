import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { formatDuration } from './parse-duration.js';

/** The default limit for one network call, connect and answer: 30 s, as kubectl's client has none but CI jobs do. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * A network call that got no (complete) answer within its limit. Names the endpoint by its origin only:
 * a path, a query or user info may carry a token.
 */
export class EndpointTimeoutError extends PullSecretError {
  override name = 'EndpointTimeoutError';
  readonly endpoint: string;
  readonly timeoutMs: number;

  constructor(endpoint: string, timeoutMs: number) {
    const origin = endpointOrigin(endpoint);
    super('ENDPOINT_TIMEOUT', `No answer from ${origin} within ${formatDuration(timeoutMs)}.`, {
      hint: 'Check the network path to it (proxy, firewall, DNS), or allow more time with {{request-timeout}} (0 for no limit).',
      fields: { endpoint: origin, timeoutMs },
    });
    this.endpoint = origin;
    this.timeoutMs = timeoutMs;
  }
}

/** `https://host[:port]` of a URL, nothing else; text that is not a URL is cut at its first `/`, `?` or `@`. */
export function endpointOrigin(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    if (url.origin !== 'null') return url.origin;
  } catch {}
  const host = endpoint.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/?#]*@/, '');
  return host.split(/[/?#]/)[0]!;
}
