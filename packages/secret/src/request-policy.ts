export interface RequestPolicyInit {
  /** Requests per second, client-side; 0 or less: no limit (the default, like `kubectl`). */
  qps?: number;
  /** Attempts after the first for retryable failures (429, 5xx, dropped connections, timeouts). Default 5. */
  retries?: number;
  /** Time limit for one request, in ms. Default 30 000; 0 means none. */
  timeoutMs?: number;
  /** First backoff step, in ms; doubles each retry, with full jitter, up to `maxDelayMs`. Default 200. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** What a request failed with, as far as retrying is concerned. */
export interface RequestFailure {
  /** HTTP status, or undefined when no response came (connection reset, timeout). */
  status: number | undefined;
  /** Seconds from a Retry-After header, when given. */
  retryAfterSeconds?: number;
}

export type RunRequest = <T>(call: (signal: AbortSignal) => Promise<T>) => Promise<T>;

/**
 * Wraps API calls with a rate limit, a timeout per attempt, and retries with exponential backoff and
 * full jitter on 429 (honouring Retry-After), 5xx and dropped connections. `classify` tells what an
 * error was; anything it cannot place is not retried.
 */
export function requestPolicy(
  init: RequestPolicyInit,
  classify: (error: unknown) => RequestFailure | undefined,
): RunRequest {
  const retries = init.retries ?? 5;
  const timeoutMs = init.timeoutMs ?? 30_000;
  const baseDelayMs = init.baseDelayMs ?? 200;
  const maxDelayMs = init.maxDelayMs ?? 10_000;
  const sleep = init.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = init.random ?? Math.random;
  const limiter = rateLimiter(init.qps ?? 0, sleep);

  return async (call) => {
    for (let attempt = 0; ; attempt++) {
      await limiter();
      try {
        // 0 is no time limit, as kubectl's --request-timeout=0 (AbortSignal.timeout(0) aborts at once).
        return await call(timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : new AbortController().signal);
      } catch (error) {
        const failure = classify(error);
        if (!failure || !isRetryable(failure) || attempt >= retries) throw error;
        const backoff = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt) * random();
        const wait =
          failure.retryAfterSeconds === undefined
            ? backoff
            : Math.max(backoff, failure.retryAfterSeconds * 1000);
        await sleep(Math.min(wait, maxDelayMs * 3));
      }
    }
  };
}

function isRetryable({ status }: RequestFailure): boolean {
  return (
    status === undefined ||
    status === 429 ||
    status === 500 ||
    status === 502 ||
    status === 503 ||
    status === 504
  );
}

/** Spaces calls `1/qps` seconds apart (a token bucket of one); no limit when qps ≤ 0. */
function rateLimiter(qps: number, sleep: (ms: number) => Promise<void>): () => Promise<void> {
  if (!(qps > 0)) return async () => {};
  const interval = 1000 / qps;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + interval;
    if (at > now) await sleep(at - now);
  };
}
