import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { dockerConfigSecretForms, showUntrusted } from '@pull-secret/dockerconfigjson';
import {
  connectKubeApi,
  type KubeApiInit,
  type NamespaceTargets,
  type ReconcilerApplyOptions,
  type RefreshPoint,
  startHealthServer,
  startLeaderElection,
  startPullSecretReconciler,
  validateNamespace,
  validateSecretName,
  watchMetricsText,
} from '@pull-secret/secret';
import type { CliIo } from '../cli-io.js';
import type { FlagSpecs, ParsedFlags } from '../flags.js';
import { durationMs } from '../number-flags.js';
import { recipeResolver } from '../recipe-resolver.js';
import { refreshPoint } from '../refresh-before.js';
import { UsageError } from '../usage-error.js';

export const WATCH_FLAGS: FlagSpecs = {
  watch: {
    type: 'boolean',
    description:
      'Keep running: write the Secret into new matching namespaces, put it back when deleted or edited, make each login again at its refresh point.',
  },
  before: {
    type: 'string',
    value: '50%|DURATION',
    description:
      'With --watch: when a login is made again (default 50%: past half its lifetime; 30m: 30 minutes before it expires).',
  },
  'leader-elect': {
    type: 'boolean',
    description: 'With --watch: only the replica holding a coordination.k8s.io Lease writes.',
  },
  'lease-name': { type: 'string', value: 'NAME', description: 'The Lease (default pull-secret-NAME).' },
  'lease-namespace': {
    type: 'string',
    value: 'NS',
    description:
      'Namespace of the Lease (default: POD_NAMESPACE, the pod’s own namespace, or the context’s).',
  },
  'lease-duration': {
    type: 'string',
    value: 'DURATION',
    description: 'How long others wait on a silent leader (default 15s).',
  },
  'renew-deadline': {
    type: 'string',
    value: 'DURATION',
    description: 'The leader gives up when it cannot renew for this long (default 10s).',
  },
  'retry-period': {
    type: 'string',
    value: 'DURATION',
    description: 'Between attempts to take or renew the Lease (default 2s).',
  },
  'metrics-port': {
    type: 'string',
    value: 'PORT',
    description: 'With --watch: serve /healthz, /readyz and /metrics on this port (all interfaces).',
  },
  listen: { type: 'string', value: 'HOST:PORT', description: 'As --metrics-port, on one address.' },
};

const LEASE_FLAGS = ['lease-name', 'lease-namespace', 'lease-duration', 'renew-deadline', 'retry-period'];
const WATCH_ONLY = ['before', 'leader-elect', 'metrics-port', 'listen', ...LEASE_FLAGS];
const NOT_WITH_WATCH = ['dry-run', 'diff', 'output', 'for'];

export interface WatchSettings {
  before: RefreshPoint;
  leaderElect: boolean;
  leaseName: string;
  leaseNamespace?: string;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  listen?: { host?: string; port: number };
}

/** The watch flags checked, before any login is made: undefined without --watch. */
export function watchSettings(values: ParsedFlags['values'], name: string): WatchSettings | undefined {
  if (values.watch !== true) {
    const stray = WATCH_ONLY.find((flag) => values[flag] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --watch.`, 'Add --watch, or leave it out.');
    return undefined;
  }
  const clash = NOT_WITH_WATCH.find((flag) => values[flag] !== undefined && values[flag] !== false);
  if (clash)
    throw new UsageError(
      `--watch cannot be combined with --${clash}.`,
      'Run apply once without --watch for that.',
    );
  const leaderElect = values['leader-elect'] === true;
  if (!leaderElect) {
    const stray = LEASE_FLAGS.find((flag) => values[flag] !== undefined);
    if (stray)
      throw new UsageError(`--${stray} needs --leader-elect.`, 'Add --leader-elect, or leave it out.');
  }
  const leaseName = (values['lease-name'] as string | undefined) ?? `pull-secret-${name}`;
  validateSecretName(leaseName);
  const leaseNamespace = values['lease-namespace'] as string | undefined;
  if (leaseNamespace !== undefined) validateNamespace(leaseNamespace);
  const leaseDurationMs = durationMs(values['lease-duration'], 'lease-duration', 15_000);
  const renewDeadlineMs = durationMs(values['renew-deadline'], 'renew-deadline', 10_000);
  const retryPeriodMs = durationMs(values['retry-period'], 'retry-period', 2_000);
  // client-go's checks: the leader must give up before others may take over, and get several tries.
  if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > 1.2 * retryPeriodMs && retryPeriodMs > 0)) {
    throw new UsageError(
      '--lease-duration must be longer than --renew-deadline, which must be longer than 1.2 times --retry-period.',
      'The defaults are 15s, 10s and 2s.',
    );
  }
  if (values['metrics-port'] !== undefined && values.listen !== undefined) {
    throw new UsageError('--metrics-port cannot be combined with --listen.', 'Give one of them.');
  }
  const listen =
    values.listen !== undefined
      ? parseListen(String(values.listen))
      : values['metrics-port'] !== undefined
        ? { port: parsePort(String(values['metrics-port']), '--metrics-port') }
        : undefined;
  return {
    before: refreshPoint(values.before),
    leaderElect,
    leaseName,
    ...(leaseNamespace ? { leaseNamespace } : {}),
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
    ...(listen ? { listen } : {}),
  };
}

function parsePort(text: string, flag: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(
      `${flag} must be a port number from 0 to 65535, not "${showUntrusted(text)}".`,
      'For example 8080.',
    );
  }
  return port;
}

function parseListen(text: string): { host?: string; port: number } {
  const colon = text.lastIndexOf(':');
  if (colon < 0)
    throw new UsageError(
      `--listen must be HOST:PORT, not "${showUntrusted(text)}".`,
      'For example 0.0.0.0:8080 or :8080.',
    );
  const host = text.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return { ...(host ? { host } : {}), port: parsePort(text.slice(colon + 1), '--listen') };
}

/**
 * `apply --watch`: runs until SIGTERM or SIGINT. Logs one line per thing done (names, never secrets)
 * on stderr; a leader hands its Lease back on the way out.
 */
export async function runApplyWatch(
  values: ParsedFlags['values'],
  settings: WatchSettings,
  init: KubeApiInit,
  apply: ReconcilerApplyOptions,
  targets: NamespaceTargets,
  io: CliIo,
): Promise<number> {
  const log = (line: string) => io.stderr(`${new Date().toISOString()} ${showUntrusted(line)}\n`);
  // Listened for from the start: a SIGTERM while the watches start up stops cleanly too.
  const stop = new Promise<void>((resolve) => io.onStop?.(resolve));
  const api = await connectKubeApi({
    ...init,
    secrets: [...(init.secrets ?? []), ...dockerConfigSecretForms(apply.credentials)],
  });
  const reconciler = await startPullSecretReconciler(api, {
    apply,
    targets,
    resolve: recipeResolver(values, io),
    before: settings.before,
    log,
  });
  let leader = false;
  const server = settings.listen
    ? await startHealthServer({
        port: settings.listen.port,
        ...(settings.listen.host ? { host: settings.listen.host } : {}),
        ready: () => reconciler.ready(),
        metrics: () => watchMetricsText(reconciler, leader),
      })
    : undefined;
  if (server) log(`serving /healthz, /readyz and /metrics on port ${server.port}`);
  const onChange = (value: boolean) => {
    leader = value;
    reconciler.setLeader(value);
  };
  const election = settings.leaderElect
    ? startLeaderElection({
        api,
        // In a pod without a kubeconfig, the context namespace is the pod's own (the in-cluster config reads it).
        namespace: settings.leaseNamespace ?? (io.env.POD_NAMESPACE || api.defaultNamespace),
        name: settings.leaseName,
        identity: `${io.env.POD_NAME || hostname()}_${randomBytes(4).toString('hex')}`,
        leaseDurationMs: settings.leaseDurationMs,
        renewDeadlineMs: settings.renewDeadlineMs,
        retryPeriodMs: settings.retryPeriodMs,
        onChange,
        log,
      })
    : undefined;
  if (!election) onChange(true);
  log(`watching for secret ${apply.name}${election ? ' (leader election on)' : ''}`);
  await stop;
  log('stopping');
  await election?.release();
  await reconciler.stop();
  await server?.close();
  return 0;
}
