import { displayRegistryKey } from '@pull-secret/dockerconfigjson';
import { type MetricFamily, prometheusText } from './prometheus-text.js';
import type { PullSecretReconciler } from './pull-secret-reconciler.js';

/**
 * What `apply --watch` serves on /metrics. Registry keys are shown by the one display rule (user info
 * hidden): a label holds names and numbers, never a secret.
 */
export function watchMetricsText(
  reconciler: Pick<PullSecretReconciler, 'counts' | 'expiries'>,
  leader: boolean,
): string {
  const counts = reconciler.counts();
  const families: MetricFamily[] = [
    counter(
      'pull_secret_refresh_total',
      'Registry logins made again at their refresh point.',
      counts.refreshes,
    ),
    counter(
      'pull_secret_refresh_failures_total',
      'Registry logins that could not be made again (each is tried again later).',
      counts.refreshFailures,
    ),
    counter('pull_secret_writes_total', 'Secrets created or updated.', counts.writes),
    counter(
      'pull_secret_watch_lists_total',
      'Full lists made by the watches (the first ones, then one after each 410 Gone).',
      counts.lists,
    ),
    {
      name: 'pull_secret_seconds_until_expiry',
      help: 'Seconds until a registry login in a managed Secret expires.',
      type: 'gauge',
      samples: reconciler
        .expiries()
        .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.registry.localeCompare(b.registry))
        .map((sample) => ({
          labels: {
            namespace: sample.namespace,
            secret: sample.secret,
            registry: displayRegistryKey(sample.registry),
          },
          value: Math.round(sample.secondsLeft),
        })),
    },
    {
      name: 'pull_secret_leader',
      help: '1 while this replica holds the lease and writes, else 0.',
      type: 'gauge',
      samples: [{ value: leader ? 1 : 0 }],
    },
  ];
  return prometheusText(families);
}

function counter(name: string, help: string, value: number): MetricFamily {
  return { name, help, type: 'counter', samples: [{ value }] };
}
