import type { KubeApiInit } from '@pull-secret/secret';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { durationMs, nonNegativeNumber } from './number-flags.js';

/** kubectl's flags for reaching a cluster, plus the request policy. */
export const KUBE_FLAGS: FlagSpecs = {
  kubeconfig: {
    type: 'string',
    value: 'FILE',
    description: 'kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then in-cluster).',
  },
  context: { type: 'string', value: 'NAME', description: 'kubeconfig context to use.' },
  'request-timeout': {
    type: 'string',
    value: 'DURATION',
    description: 'Time limit per API request (default 30s).',
  },
  qps: {
    type: 'string',
    value: 'N',
    description: 'Client-side limit on API requests per second (default 0: none).',
  },
};

export function kubeApiInit(values: ParsedFlags['values'], secrets: readonly string[]): KubeApiInit {
  const init: KubeApiInit = {
    timeoutMs: durationMs(values['request-timeout'], 'request-timeout', 30_000),
    qps: nonNegativeNumber(values.qps, 'qps', 0),
    secrets,
  };
  if (values.kubeconfig) init.kubeconfig = values.kubeconfig as string;
  if (values.context) init.context = values.context as string;
  return init;
}
