import { describe, expect, it } from 'vitest';
import { type RequestFailure, requestPolicy } from './request-policy.js';

class Failure extends Error {
  constructor(readonly failure: RequestFailure) {
    super('failure');
  }
}
const classify = (error: unknown) => (error instanceof Failure ? error.failure : undefined);

function harness(failures: (RequestFailure | 'ok')[], init = {}) {
  const sleeps: number[] = [];
  let calls = 0;
  const run = requestPolicy(
    { sleep: async (ms) => void sleeps.push(ms), random: () => 1, ...init },
    classify,
  );
  const call = () =>
    run(async () => {
      const next = failures[calls++];
      if (next === undefined || next === 'ok') return 'done';
      throw new Failure(next);
    });
  return { call, sleeps, calls: () => calls };
}

describe('requestPolicy', () => {
  it('retries 429, 5xx and dropped connections with doubling backoff', async () => {
    const h = harness([{ status: 500 }, { status: undefined }, { status: 503 }, 'ok'], { baseDelayMs: 100 });
    await expect(h.call()).resolves.toBe('done');
    expect(h.calls()).toBe(4);
    expect(h.sleeps).toEqual([100, 200, 400]);
  });

  it('waits at least Retry-After', async () => {
    const h = harness([{ status: 429, retryAfterSeconds: 2 }, 'ok'], { baseDelayMs: 100 });
    await h.call();
    expect(h.sleeps).toEqual([2000]);
  });

  it('does not retry 4xx answers such as 409 or 403', async () => {
    for (const status of [400, 403, 404, 409, 422]) {
      const h = harness([{ status }, 'ok']);
      await expect(h.call()).rejects.toBeInstanceOf(Failure);
      expect(h.calls()).toBe(1);
    }
  });

  it('gives up after the configured retries', async () => {
    const h = harness([{ status: 500 }, { status: 500 }, { status: 500 }], { retries: 2 });
    await expect(h.call()).rejects.toBeInstanceOf(Failure);
    expect(h.calls()).toBe(3);
  });

  it('jitters: the random factor scales the backoff', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const run = requestPolicy(
      { sleep: async (ms) => void sleeps.push(ms), random: () => 0.25, baseDelayMs: 400 },
      classify,
    );
    await run(async () => {
      if (calls++ === 0) throw new Failure({ status: 502 });
      return 1;
    });
    expect(sleeps).toEqual([100]);
  });

  it('takes timeoutMs 0 as no time limit, as kubectl reads --request-timeout=0', async () => {
    const run = requestPolicy({ timeoutMs: 0 }, classify);
    const signal = await run(async (given) => {
      // A signal that had a limit of 0 would be aborted by now.
      await new Promise((resolve) => setTimeout(resolve, 20));
      return given;
    });
    expect(signal.aborted).toBe(false);
  });
});
