// Leader election's rules with a fake clock and a Lease store that keeps resourceVersions as the API
// server does (409 on a stale one). The real handover, two processes and a real Lease API, is tested
// in the CLI's apply --watch tests against kube-test-server.
import { describe, expect, it } from 'vitest';
import type { LeaseManifest } from '../manifest-types.js';
import { fakeClock } from './fake-clock.js';
import { startLeaderElection } from './leader-election.js';

function leaseStore() {
  let stored: LeaseManifest | undefined;
  let version = 0;
  const conflict = () => Object.assign(new Error('conflict'), { status: 409 });
  return {
    get: () => stored,
    api: {
      async readLease() {
        return stored && structuredClone(stored);
      },
      async createLease(_namespace: string, lease: LeaseManifest) {
        if (stored) throw conflict();
        stored = { ...lease, metadata: { ...lease.metadata, resourceVersion: String(++version) } };
        return structuredClone(stored);
      },
      async replaceLease(_namespace: string, lease: LeaseManifest) {
        if (lease.metadata.resourceVersion !== stored?.metadata.resourceVersion) throw conflict();
        stored = { ...lease, metadata: { ...lease.metadata, resourceVersion: String(++version) } };
        return structuredClone(stored);
      },
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

async function run(clock: ReturnType<typeof fakeClock>, ms: number, step = 100) {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await flush();
  }
}

describe('startLeaderElection', () => {
  const timing = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000, random: () => 0 };
  // Both candidates contend for the Lease ops/l with the same timing.
  const elect = (
    store: ReturnType<typeof leaseStore>,
    clock: ReturnType<typeof fakeClock>,
    identity: string,
    onChange: (leader: boolean) => void,
  ) =>
    startLeaderElection({
      api: store.api,
      namespace: 'ops',
      name: 'l',
      identity,
      clock,
      ...timing,
      onChange,
    });

  it('lets one of two take the lease; the other takes over once it goes unrenewed for the lease duration', async () => {
    const clock = fakeClock(Date.parse('2030-01-01T00:00:00Z'));
    const store = leaseStore();
    const events: string[] = [];
    const a = elect(store, clock, 'a', (v) => events.push(`a ${v}`));
    await run(clock, 500);
    const b = elect(store, clock, 'b', (v) => events.push(`b ${v}`));
    await run(clock, 30_000);
    expect(events).toEqual(['a true']);
    expect(store.get()?.spec).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    expect(store.get()?.spec?.renewTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

    // a's process dies without a word: its renewals stop.
    const frozen = store.api.replaceLease;
    store.api.replaceLease = async (namespace, lease) => {
      if (lease.spec?.holderIdentity === 'a') throw new Error('gone');
      return frozen(namespace, lease);
    };
    const diedAt = clock.now();
    while (!b.isLeader()) await run(clock, 100);
    const handover = clock.now() - diedAt;
    expect(handover).toBeGreaterThanOrEqual(15_000 - 2_000);
    expect(handover).toBeLessThanOrEqual(15_000 + 2 * 2_000);
    expect(store.get()?.spec).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    // a gives up once it could not renew within the renew deadline.
    expect(events).toContain('a false');
    await a.release();
    await b.release();
  });

  it('hands the lease back on release, so the other takes it within one retry period', async () => {
    const clock = fakeClock(Date.parse('2030-01-01T00:00:00Z'));
    const store = leaseStore();
    const a = elect(store, clock, 'a', () => {});
    await run(clock, 500);
    const b = elect(store, clock, 'b', () => {});
    await run(clock, 5_000);
    expect(a.isLeader()).toBe(true);
    await a.release();
    expect(a.isLeader()).toBe(false);
    expect(store.get()?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    const releasedAt = clock.now();
    while (!b.isLeader()) await run(clock, 100);
    expect(clock.now() - releasedAt).toBeLessThanOrEqual(2 * 2_000 + 200);
    await b.release();
  });
});
