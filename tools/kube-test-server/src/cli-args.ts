import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind } from './faults.js';
import type { KubeTestServerOptions } from './kube-test-server.js';

export const USAGE = `Usage: kube-test-server --kubeconfig FILE [flags]

Serves namespaces, secrets and service accounts of the Kubernetes API on https://127.0.0.1 for tests,
writes a kubeconfig for it (mode 0600) once it listens, and serves until SIGINT or SIGTERM.

Flags:
  --kubeconfig FILE    where to write the kubeconfig (required)
  --namespaces N       create ns-1 to ns-N, besides default, kube-system and kube-public
  --latency-ms MS      wait MS milliseconds before answering each request
  --fault-rate R       fail a share R (0 to 1) of requests, discovery excepted
  --faults LIST        which failures, comma-separated: 500, 429, drop (default: all three)
  --seed N             seed of the fault sequence (default 1)
  --port P             port to listen on (default: a free one)
  -h, --help           show this help
`;

export interface CliOptions {
  help: boolean;
  kubeconfig: string;
  server: KubeTestServerOptions;
}

/** A command line that cannot run: one sentence for stderr, and exit code 2. */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

export function parseCliArgs(args: string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        kubeconfig: { type: 'string' },
        namespaces: { type: 'string' },
        'latency-ms': { type: 'string' },
        'fault-rate': { type: 'string' },
        faults: { type: 'string' },
        seed: { type: 'string' },
        port: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs explains over several lines; one line, without its advice on positional arguments.
    const message = (error as Error).message.replace(/\s+/g, ' ').replace(/ To specify .*$/, '');
    throw new CliUsageError(/[.?]$/.test(message) ? message : `${message}.`);
  }
  if (values.help) return { help: true, kubeconfig: '', server: {} };
  if (typeof values.kubeconfig !== 'string' || values.kubeconfig === '') {
    throw new CliUsageError('--kubeconfig FILE is required: the server writes its kubeconfig there.');
  }
  const server: KubeTestServerOptions = {};
  const number = (flag: string, check: (value: number) => boolean, what: string): number | undefined => {
    const text = values[flag];
    if (typeof text !== 'string') return undefined;
    const value = Number(text);
    if (text.trim() === '' || !check(value))
      throw new CliUsageError(`--${flag} must be ${what}, not "${text}".`);
    return value;
  };
  const count = number(
    'namespaces',
    (value) => Number.isInteger(value) && value >= 0,
    'a whole number of 0 or more',
  );
  if (count !== undefined) server.namespaces = count;
  const latency = number(
    'latency-ms',
    (value) => Number.isFinite(value) && value >= 0,
    'a number of milliseconds, 0 or more',
  );
  if (latency !== undefined) server.latencyMs = latency;
  const rate = number('fault-rate', (value) => value >= 0 && value <= 1, 'a number from 0 to 1');
  if (rate !== undefined) server.faultRate = rate;
  const seed = number('seed', Number.isInteger, 'a whole number');
  if (seed !== undefined) server.seed = seed;
  const port = number(
    'port',
    (value) => Number.isInteger(value) && value >= 0 && value <= 65535,
    'a port number from 0 to 65535',
  );
  if (port !== undefined) server.port = port;
  if (typeof values.faults === 'string') {
    const kinds = values.faults.split(',').map((kind) => kind.trim());
    const unknown = kinds.find((kind) => !FAULT_KINDS.includes(kind as FaultKind));
    if (unknown !== undefined) throw new CliUsageError(`--faults takes 500, 429 and drop, not "${unknown}".`);
    server.faults = kinds as FaultKind[];
  }
  return { help: false, kubeconfig: values.kubeconfig, server };
}
