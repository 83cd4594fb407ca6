import type { KubeApiInit } from '@pull-secret/secret';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { durationMs, nonNegativeNumber } from './number-flags.js';

/** Every command that goes to the network takes it: the cluster, cloud providers, registries. */
export const REQUEST_TIMEOUT_FLAG: FlagSpecs[string] = {
  type: 'string',
  value: 'DURATION',
  description:
    'Time limit for each network request: the API server, cloud providers, registries; 30s, 1m30s, 500ms, a number of seconds, 0 for none (default 30s).',
};

/** `--request-timeout` in ms (default 30 s, 0 for none). */
export function requestTimeoutMs(values: ParsedFlags['values']): number {
  return durationMs(values['request-timeout'], 'request-timeout', 30_000);
}

/** kubectl's flags for reaching a cluster, plus the request policy. */
export const KUBE_FLAGS: FlagSpecs = {
  kubeconfig: {
    type: 'string',
    value: 'FILE',
    description: 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster).',
  },
  context: { type: 'string', value: 'NAME', description: 'kubeconfig context to use.' },
  'request-timeout': REQUEST_TIMEOUT_FLAG,
  qps: {
    type: 'string',
    value: 'N',
    description: 'Client-side limit on API requests per second (default 0: none).',
  },
};

export function kubeApiInit(values: ParsedFlags['values'], secrets: readonly string[]): KubeApiInit {
  const init: KubeApiInit = {
    timeoutMs: requestTimeoutMs(values),
    qps: nonNegativeNumber(values.qps, 'qps', 0),
    secrets,
  };
  if (values.kubeconfig) init.kubeconfig = values.kubeconfig as string;
  if (values.context) init.context = values.context as string;
  return init;
}
