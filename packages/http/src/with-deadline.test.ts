import { describe, expect, it } from 'vitest';
import { EndpointTimeoutError, endpointOrigin } from './endpoint-timeout.js';
import { withDeadline } from './with-deadline.js';

const never = () => new Promise<never>(() => {});

describe('withDeadline', () => {
  it('resolves with the call’s value and leaves no timer behind', async () => {
    await expect(
      withDeadline(async () => 42, { endpoint: 'https://x.example', timeoutMs: 50 }),
    ).resolves.toBe(42);
  });

  it('rejects with the call’s own error', async () => {
    await expect(
      withDeadline(async () => Promise.reject(new Error('refused')), { endpoint: 'x', timeoutMs: 50 }),
    ).rejects.toThrow('refused');
  });

  it('rejects at the deadline, naming the endpoint’s origin only, even when the call ignores its signal', async () => {
    const started = Date.now();
    const error = await withDeadline(never, {
      endpoint: 'https://user:CANARY-pw@api.ecr.eu-west-1.amazonaws.com/path?token=CANARY-q',
      timeoutMs: 100,
    }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(EndpointTimeoutError);
    const timeout = error as EndpointTimeoutError;
    expect(timeout.code).toBe('ENDPOINT_TIMEOUT');
    expect(timeout.message).toBe('No answer from https://api.ecr.eu-west-1.amazonaws.com within 100ms.');
    expect(timeout.render((option) => `--${option}`).hint).toContain('--request-timeout');
    expect(`${timeout.message} ${timeout.hint}`).not.toContain('CANARY');
    expect(timeout.fields).toEqual({ endpoint: 'https://api.ecr.eu-west-1.amazonaws.com', timeoutMs: 100 });
  });

  it('aborts the signal it gave the call at the deadline', async () => {
    let given: AbortSignal | undefined;
    await withDeadline(
      (signal) => {
        given = signal;
        return never();
      },
      { endpoint: 'x', timeoutMs: 50 },
    ).catch(() => {});
    expect(given?.aborted).toBe(true);
    expect(given?.reason).toBeInstanceOf(EndpointTimeoutError);
  });

  it('reads a lazy endpoint when the deadline passes', async () => {
    let endpoint = 'https://first.example';
    const promise = withDeadline(
      () => {
        endpoint = 'https://second.example/x';
        return never();
      },
      { endpoint: () => endpoint, timeoutMs: 50 },
    );
    await expect(promise).rejects.toThrow('No answer from https://second.example within');
  });

  it('has no deadline with 0', async () => {
    const result = withDeadline(() => new Promise((resolve) => setTimeout(() => resolve('late'), 150)), {
      endpoint: 'x',
      timeoutMs: 0,
    });
    await expect(result).resolves.toBe('late');
  });

  it('rejects with the caller’s reason when the caller aborts, and aborts the call', async () => {
    const controller = new AbortController();
    let given: AbortSignal | undefined;
    const promise = withDeadline(
      (signal) => {
        given = signal;
        return never();
      },
      { endpoint: 'x', timeoutMs: 10_000, signal: controller.signal },
    );
    controller.abort(new Error('stopped by caller'));
    await expect(promise).rejects.toThrow('stopped by caller');
    expect(given?.aborted).toBe(true);
  });

  it('does not start the call when the caller has already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    let called = false;
    await expect(
      withDeadline(
        async () => {
          called = true;
        },
        { endpoint: 'x', signal: controller.signal },
      ),
    ).rejects.toThrow('already');
    expect(called).toBe(false);
  });
});

describe('endpointOrigin', () => {
  it.each([
    ['https://a.example:8443/v2/?x=1', 'https://a.example:8443'],
    ['http://u:p@127.0.0.1:9/x', 'http://127.0.0.1:9'],
    ['u:p@host.example/path', 'host.example'],
    ['host.example:5000/team', 'host.example:5000'],
  ])('%s is %s', (endpoint, origin) => {
    expect(endpointOrigin(endpoint)).toBe(origin);
  });
});
