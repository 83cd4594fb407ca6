import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CredentialProvider, RegistryCredential } from './credential.js';
import { earliestExpiry } from './credential.js';
import { CredentialUnavailableError } from './errors.js';
import { memoize } from './memoize.js';

/** A manual clock for the `now` option. */
function clock(start = 0) {
  let time = start;
  return {
    now: () => time,
    set: (ms: number) => {
      time = ms;
    },
  };
}

const cred = (password: string, expiresAtMs?: number): RegistryCredential =>
  expiresAtMs === undefined
    ? { registry: 'r', username: 'u', password }
    : { registry: 'r', username: 'u', password, expiresAt: new Date(expiresAtMs) };

/** A provider that returns `token-1`, `token-2`, … expiring `lifetimeMs` after each fetch. */
function counting(now: () => number, lifetimeMs?: number) {
  let count = 0;
  return vi.fn<CredentialProvider>(async () => {
    count++;
    return [cred(`token-${count}`, lifetimeMs === undefined ? undefined : now() + lifetimeMs)];
  });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const passwords = (credentials: RegistryCredential[]) => credentials.map((credential) => credential.password);

afterEach(() => {
  vi.useRealTimers();
});

describe('memoize', () => {
  it('merges concurrent calls into one underlying call', async () => {
    const pending = deferred<RegistryCredential[]>();
    const provider = vi.fn<CredentialProvider>(() => pending.promise);
    const memoized = memoize(provider, { now: clock().now });
    const calls = [memoized(), memoized(), memoized()];
    expect(provider).toHaveBeenCalledOnce();
    pending.resolve([cred('shared', 1000)]);
    const results = await Promise.all(calls);
    for (const result of results) expect(passwords(result)).toEqual(['shared']);
    expect(provider).toHaveBeenCalledOnce();
  });

  it('gives each concurrent caller its own array', async () => {
    const memoized = memoize(async () => [cred('x')]);
    const [a, b] = await Promise.all([memoized(), memoized()]);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a![0]).not.toBe(b![0]);
  });

  it('caches until half-life by default', async () => {
    const time = clock(1_000);
    const provider = counting(time.now, 10_000); // fetched at 1 000, expires at 11 000: refresh at 6 000
    const memoized = memoize(provider, { now: time.now });
    expect(passwords(await memoized())).toEqual(['token-1']);
    time.set(5_999);
    expect(passwords(await memoized())).toEqual(['token-1']);
    expect(provider).toHaveBeenCalledTimes(1);
    time.set(6_000);
    expect(passwords(await memoized())).toEqual(['token-2']);
    expect(provider).toHaveBeenCalledTimes(2);
    // the next half-life counts from the second fetch: 6 000 + 10 000 / 2
    time.set(10_999);
    expect(passwords(await memoized())).toEqual(['token-2']);
    time.set(11_000);
    expect(passwords(await memoized())).toEqual(['token-3']);
  });

  it('measures half-life from when the fetch started', async () => {
    const time = clock(0);
    const pending = deferred<RegistryCredential[]>();
    const provider = vi.fn<CredentialProvider>(() => pending.promise);
    const memoized = memoize(provider, { now: time.now });
    const first = memoized();
    time.set(400); // the fetch takes 400 ms
    pending.resolve([cred('a', 1_000)]); // fetched at 0, expires at 1 000: refresh at 500
    await first;
    time.set(499);
    await memoized();
    expect(provider).toHaveBeenCalledTimes(1);
    time.set(500);
    provider.mockResolvedValueOnce([cred('b', 2_000)]);
    expect(passwords(await memoized())).toEqual(['b']);
  });

  it('refreshes beforeExpiryMs before expiry with { beforeExpiryMs }', async () => {
    const time = clock(0);
    const provider = counting(time.now, 10_000); // expires at 10 000: refresh at 7 000
    const memoized = memoize(provider, { now: time.now, refreshAt: { beforeExpiryMs: 3_000 } });
    await memoized();
    time.set(6_999);
    expect(passwords(await memoized())).toEqual(['token-1']);
    time.set(7_000);
    expect(passwords(await memoized())).toEqual(['token-2']);
  });

  it('uses the earliest expiry of several credentials', async () => {
    const time = clock(0);
    const provider = vi.fn<CredentialProvider>(async () => [
      cred('late', 100_000),
      cred('never'),
      cred('soon', 1_000),
    ]);
    const memoized = memoize(provider, { now: time.now });
    await memoized();
    time.set(499);
    await memoized();
    expect(provider).toHaveBeenCalledTimes(1);
    time.set(500);
    await memoized();
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('keeps credentials that never expire for good', async () => {
    const time = clock(0);
    const provider = counting(time.now);
    for (const refreshAt of ['half-life', { beforeExpiryMs: 60_000 }] as const) {
      provider.mockClear();
      const memoized = memoize(provider, { now: time.now, refreshAt });
      await memoized();
      time.set(Number.MAX_SAFE_INTEGER);
      await memoized();
      time.set(0);
      expect(provider).toHaveBeenCalledTimes(1);
    }
  });

  it('fetches every time when the provider returns credentials that have already expired', async () => {
    const time = clock(10_000);
    const provider = vi.fn<CredentialProvider>(async () => [cred('stale', 5_000)]);
    const memoized = memoize(provider, { now: time.now });
    await memoized();
    await memoized();
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('returns the cached credentials when a refresh fails before they expire', async () => {
    const time = clock(0);
    const provider = vi.fn<CredentialProvider>();
    provider.mockResolvedValueOnce([cred('good', 1_000)]);
    const memoized = memoize(provider, { now: time.now });
    await memoized();
    time.set(600); // past half-life, before expiry
    provider.mockRejectedValueOnce(new Error('throttled'));
    expect(passwords(await memoized())).toEqual(['good']);
    // the failure is not cached: the next call tries again
    provider.mockResolvedValueOnce([cred('fresh', 2_000)]);
    expect(passwords(await memoized())).toEqual(['fresh']);
    expect(provider).toHaveBeenCalledTimes(3);
  });

  it('throws the refresh error once the cached credentials have expired', async () => {
    const time = clock(0);
    const provider = vi.fn<CredentialProvider>();
    provider.mockResolvedValueOnce([cred('good', 1_000)]);
    const memoized = memoize(provider, { now: time.now });
    await memoized();
    time.set(1_000);
    const failure = new CredentialUnavailableError('GONE', 'Identity gone.');
    provider.mockRejectedValueOnce(failure);
    await expect(memoized()).rejects.toBe(failure);
  });

  it('judges expiry when the refresh fails, not when it started', async () => {
    const time = clock(0);
    const provider = vi.fn<CredentialProvider>();
    provider.mockResolvedValueOnce([cred('good', 1_000)]);
    const memoized = memoize(provider, { now: time.now });
    await memoized();
    time.set(900);
    const pending = deferred<RegistryCredential[]>();
    provider.mockReturnValueOnce(pending.promise);
    const refreshing = memoized();
    time.set(1_001); // the cached credentials expire while the refresh is under way
    pending.reject(new Error('timeout'));
    await expect(refreshing).rejects.toThrow('timeout');
  });

  it('does not cache errors', async () => {
    const provider = vi.fn<CredentialProvider>();
    provider.mockRejectedValueOnce(new Error('first'));
    provider.mockResolvedValueOnce([cred('second')]);
    const memoized = memoize(provider, { now: clock().now });
    await expect(memoized()).rejects.toThrow('first');
    expect(passwords(await memoized())).toEqual(['second']);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('rejects every concurrent caller with the shared error, then tries again', async () => {
    const pending = deferred<RegistryCredential[]>();
    const provider = vi.fn<CredentialProvider>(() => pending.promise);
    const memoized = memoize(provider, { now: clock().now });
    const calls = [memoized(), memoized()];
    const failure = new Error('down');
    pending.reject(failure);
    for (const call of calls) await expect(call).rejects.toBe(failure);
    provider.mockResolvedValueOnce([cred('ok')]);
    await expect(memoized()).resolves.toHaveLength(1);
    expect(provider).toHaveBeenCalledTimes(2);
  });

  describe('abort', () => {
    it('rejects only the caller whose signal aborts; the shared fetch goes on', async () => {
      const pending = deferred<RegistryCredential[]>();
      const provider = vi.fn<CredentialProvider>(() => pending.promise);
      const memoized = memoize(provider, { now: clock().now });
      const controller = new AbortController();
      const aborted = memoized({ signal: controller.signal });
      const patient = memoized();
      const reason = new Error('caller gave up');
      controller.abort(reason);
      await expect(aborted).rejects.toBe(reason);
      pending.resolve([cred('shared')]);
      expect(passwords(await patient)).toEqual(['shared']);
      // and the result was cached for later callers
      expect(passwords(await memoized())).toEqual(['shared']);
      expect(provider).toHaveBeenCalledOnce();
    });

    it('rejects with an AbortError when aborted without a reason', async () => {
      const memoized = memoize(() => new Promise<RegistryCredential[]>(() => {}));
      const controller = new AbortController();
      const call = memoized({ signal: controller.signal });
      controller.abort();
      await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    });

    it('does not call the provider for a signal that is already aborted', async () => {
      const provider = vi.fn<CredentialProvider>(async () => [cred('x')]);
      const memoized = memoize(provider);
      await expect(memoized({ signal: AbortSignal.abort(new Error('early')) })).rejects.toThrow('early');
      expect(provider).not.toHaveBeenCalled();
    });

    it('rejects an aborted signal even when the credentials are cached', async () => {
      const memoized = memoize(async () => [cred('x')]);
      await memoized();
      await expect(memoized({ signal: AbortSignal.abort(new Error('late')) })).rejects.toThrow('late');
    });

    it('does not hand the caller signal to the shared provider call', async () => {
      const provider = vi.fn<CredentialProvider>(async () => [cred('x')]);
      const callerSignal = new AbortController().signal;
      await memoize(provider)({ signal: callerSignal });
      // The shared call gets a signal of its own (aborted only when every waiting caller has aborted).
      const shared = provider.mock.calls[0]?.[0]?.signal;
      expect(shared).not.toBe(callerSignal);
      expect(shared?.aborted).toBe(false);
    });

    it('aborts the shared fetch only when every waiting caller has aborted', async () => {
      let shared: AbortSignal | undefined;
      const provider = vi.fn<CredentialProvider>(
        (opts) =>
          new Promise((_resolve, reject) => {
            shared = opts?.signal;
            opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason));
          }),
      );
      const memoized = memoize(provider);
      const first = new AbortController();
      const second = new AbortController();
      const one = memoized({ signal: first.signal });
      const two = memoized({ signal: second.signal });
      first.abort(new Error('first gave up'));
      await expect(one).rejects.toThrow('first gave up');
      expect(shared?.aborted).toBe(false);
      second.abort(new Error('second gave up'));
      await expect(two).rejects.toThrow('second gave up');
      expect(shared?.aborted).toBe(true);
      expect(shared?.reason).toEqual(new Error('second gave up'));
      // The abandoned fetch is not reused: the next caller starts a new one.
      const later = memoized({ signal: new AbortController().signal });
      expect(provider).toHaveBeenCalledTimes(2);
      void later.catch(() => {});
    });

    it('never aborts the shared fetch while a caller without a signal waits', async () => {
      const pending = deferred<RegistryCredential[]>();
      let shared: AbortSignal | undefined;
      const memoized = memoize((opts) => {
        shared = opts?.signal;
        return pending.promise;
      });
      const controller = new AbortController();
      const aborted = memoized({ signal: controller.signal });
      const patient = memoized();
      controller.abort(new Error('gone'));
      await expect(aborted).rejects.toThrow('gone');
      expect(shared?.aborted).toBe(false);
      pending.resolve([cred('x')]);
      expect(passwords(await patient)).toEqual(['x']);
    });

    it('resolves normally when the signal never aborts, and a later abort changes nothing', async () => {
      const memoized = memoize(async () => [cred('x')]);
      const controller = new AbortController();
      const result = await memoized({ signal: controller.signal });
      controller.abort();
      expect(passwords(result)).toEqual(['x']);
    });

    it('passes the shared error to a caller with a signal', async () => {
      const failure = new Error('down');
      const memoized = memoize(async () => {
        throw failure;
      });
      await expect(memoized({ signal: new AbortController().signal })).rejects.toBe(failure);
    });
  });

  describe('copies', () => {
    it('returns a new array of new objects each time', async () => {
      const memoized = memoize(async () => [cred('x', Date.now() + 3_600_000)]);
      const first = await memoized();
      first[0]!.password = 'mutated';
      first[0]!.expiresAt!.setTime(0);
      first.push(cred('extra'));
      const second = await memoized();
      expect(passwords(second)).toEqual(['x']);
      expect(second[0]!.expiresAt!.getTime()).toBeGreaterThan(Date.now());
    });

    it('returns a copy to the caller that triggered the fetch too', async () => {
      const original = [cred('x')];
      const first = await memoize(async () => original)();
      expect(first).not.toBe(original);
      expect(first[0]).not.toBe(original[0]);
    });
  });

  describe('with vi.useFakeTimers and the default clock', () => {
    it('follows the fake clock, even when memoized before the timers were faked', async () => {
      const provider = vi.fn<CredentialProvider>(async () => [cred('x', Date.now() + 60_000)]);
      const memoized = memoize(provider);
      vi.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
      await memoized(); // fetched at the fake time: refresh 30 s later
      vi.advanceTimersByTime(29_999);
      await memoized();
      expect(provider).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(1);
      await memoized();
      expect(provider).toHaveBeenCalledTimes(2);
    });
  });
});

describe('earliestExpiry', () => {
  it('is the earliest expiresAt, or undefined when none expires', () => {
    expect(earliestExpiry([])).toBeUndefined();
    expect(earliestExpiry([cred('a'), cred('b')])).toBeUndefined();
    expect(earliestExpiry([cred('a', 3_000), cred('b'), cred('c', 1_000), cred('d', 2_000)])).toEqual(
      new Date(1_000),
    );
  });
});
