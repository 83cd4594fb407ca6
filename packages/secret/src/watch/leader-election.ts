import type { KubeApi } from '../kube-api.js';
import type { LeaseManifest } from '../manifest-types.js';
import { type Clock, SYSTEM_CLOCK } from './alarm.js';

export interface LeaderElectionInit {
  api: Pick<KubeApi, 'readLease' | 'createLease' | 'replaceLease'>;
  namespace: string;
  name: string;
  /** Who holds the lease: unique per process (a pod name or host name and a random part). */
  identity: string;
  /** How long others wait after the last renewal they saw before taking the lease. Default 15 s. */
  leaseDurationMs?: number;
  /** The leader gives up when it could not renew for this long. Default 10 s. */
  renewDeadlineMs?: number;
  /** Between attempts to take or renew. Default 2 s. */
  retryPeriodMs?: number;
  clock?: Clock;
  random?: () => number;
  /** Told each time this process becomes or stops being the leader. */
  onChange(leader: boolean): void;
  log?: (line: string) => void;
}

export interface LeaderElection {
  isLeader(): boolean;
  /** Stops trying; a leader hands the lease back (no holder, 1 s duration), so another takes it at once. */
  release(): Promise<void>;
}

/**
 * Leader election on a coordination.k8s.io/v1 Lease, with client-go's rules and defaults: take the
 * lease when it has no holder or its holder has not renewed it for the lease duration, as timed by
 * this process's clock from when it last saw the lease change (so clocks need not agree); renew every
 * retry period; a leader that could not renew within the renew deadline stops leading. Writes carry the
 * resourceVersion read, so of two takers one gets 409 and stays a follower.
 */
export function startLeaderElection(init: LeaderElectionInit): LeaderElection {
  const { api } = init;
  if (!api.readLease || !api.createLease || !api.replaceLease) {
    throw new Error('this Kubernetes client cannot use Leases');
  }
  const clock = init.clock ?? SYSTEM_CLOCK;
  const random = init.random ?? Math.random;
  const leaseDurationMs = init.leaseDurationMs ?? 15_000;
  const renewDeadlineMs = init.renewDeadlineMs ?? 10_000;
  const retryPeriodMs = init.retryPeriodMs ?? 2_000;
  const log = init.log ?? (() => {});
  const durationSeconds = Math.max(1, Math.ceil(leaseDurationMs / 1000));

  let leader = false;
  let stopped = false;
  let lastRenewal = 0;
  let observed: { key: string; at: number } | undefined;
  let held: LeaseManifest | undefined;
  let wake: { handle: unknown; resolve: () => void } | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const handle = clock.setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = { handle, resolve };
    });
  const setLeader = (value: boolean) => {
    if (leader === value) return;
    leader = value;
    init.onChange(value);
  };

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const now = clock.now();
    const stamp = microTime(now);
    const lease = await api.readLease!(init.namespace, init.name);
    if (!lease) {
      held = await api.createLease!(init.namespace, {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name: init.name, namespace: init.namespace },
        spec: {
          holderIdentity: init.identity,
          leaseDurationSeconds: durationSeconds,
          acquireTime: stamp,
          renewTime: stamp,
          leaseTransitions: 0,
        },
      });
      return true;
    }
    const spec = lease.spec ?? {};
    const key = JSON.stringify([spec.holderIdentity, spec.renewTime, spec.leaseDurationSeconds]);
    if (observed?.key !== key) observed = { key, at: now };
    const holder = spec.holderIdentity ?? '';
    const mine = holder === init.identity;
    const duration = (spec.leaseDurationSeconds ?? durationSeconds) * 1000;
    if (!mine && holder !== '' && observed.at + duration > now) return false;
    held = await api.replaceLease!(init.namespace, {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: init.identity,
        leaseDurationSeconds: durationSeconds,
        renewTime: stamp,
        ...(mine
          ? {}
          : { acquireTime: stamp, leaseTransitions: (spec.leaseTransitions ?? 0) + (holder ? 1 : 0) }),
      },
    });
    return true;
  };

  const loop = async () => {
    while (!stopped) {
      let ok = false;
      try {
        ok = await tryAcquireOrRenew();
      } catch (error) {
        // 409: another replica wrote first. Anything else: try again next period.
        const status = (error as { status?: number })?.status;
        if (status !== 409)
          log(`lease ${init.namespace}/${init.name}: ${(error as Error)?.message ?? String(error)}`);
      }
      if (stopped) break;
      const now = clock.now();
      if (ok) {
        lastRenewal = now;
        if (!leader)
          log(`became the leader (lease ${init.namespace}/${init.name}, identity ${init.identity})`);
        setLeader(true);
      } else if (leader && now - lastRenewal >= renewDeadlineMs) {
        log(
          `could not renew lease ${init.namespace}/${init.name} within the renew deadline; no longer the leader`,
        );
        setLeader(false);
      }
      // client-go's jitter: up to 1.2 times the period more, so followers do not ask in step.
      await sleep(leader ? retryPeriodMs : retryPeriodMs * (1 + 1.2 * random()));
    }
  };
  const running = loop();

  return {
    isLeader: () => leader,
    async release() {
      stopped = true;
      if (wake) {
        clock.clearTimeout(wake.handle);
        wake.resolve();
      }
      await running;
      if (!leader || !held) return;
      setLeader(false);
      const stamp = microTime(clock.now());
      try {
        await api.replaceLease!(init.namespace, {
          ...held,
          spec: {
            ...held.spec,
            holderIdentity: '',
            leaseDurationSeconds: 1,
            acquireTime: stamp,
            renewTime: stamp,
          },
        });
        log(`released lease ${init.namespace}/${init.name}`);
      } catch (error) {
        log(
          `could not release lease ${init.namespace}/${init.name}: ${(error as Error)?.message ?? String(error)}`,
        );
      }
    },
  };
}

/** RFC 3339 with microseconds, as Kubernetes writes a MicroTime. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
