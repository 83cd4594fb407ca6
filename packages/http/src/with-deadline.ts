import { DEFAULT_TIMEOUT_MS, EndpointTimeoutError } from './endpoint-timeout.js';

export interface DeadlineInit {
  /** The endpoint waited for, named in the error; a function when it is known only once the call has begun. */
  endpoint: string | (() => string);
  /** Default 30 000; 0 means none. */
  timeoutMs?: number | undefined;
  /** The caller's: aborting it rejects with its reason, at once. */
  signal?: AbortSignal | undefined;
}

/**
 * Runs `call` with a deadline: it gets a signal that aborts at the deadline or when the caller aborts,
 * and the returned promise settles then whatever `call` does, so an SDK that ignores its signal
 * cannot hang the caller. Past the deadline it rejects with an `EndpointTimeoutError`.
 */
export function withDeadline<T>(call: (signal: AbortSignal) => Promise<T>, init: DeadlineInit): Promise<T> {
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const outer = init.signal;
  if (outer?.aborted) return Promise.reject(outer.reason);
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = (reason: unknown) => {
      controller.abort(reason);
      reject(reason);
    };
    const onAbort = () => stop(outer!.reason);
    const done = () => {
      if (timer !== undefined) clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    };
    outer?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        done();
        const endpoint = typeof init.endpoint === 'function' ? init.endpoint() : init.endpoint;
        stop(new EndpointTimeoutError(endpoint, timeoutMs));
      }, timeoutMs);
    }
    let running: Promise<T>;
    try {
      running = call(controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        // Once the deadline or the caller has aborted, the promise is settled already and this is ignored.
        reject(error);
      },
    );
  });
}
