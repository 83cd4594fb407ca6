import { validateRegistry } from '@pull-secret/dockerconfigjson';
import type { Command } from '../command.js';
import { REQUEST_TIMEOUT_FLAG } from '../kube-flags.js';
import { durationMs } from '../number-flags.js';
import { fetchRegistryChain, unverifiedChainNote } from '../registry-chain.js';
import { UsageError } from '../usage-error.js';

export const certificatesCommand: Command = {
  name: 'certificates',
  summary: 'Print the TLS certificate chain a registry presents (PEM), for --ca-file or a CDI certConfigMap.',
  usage: 'pull-secret certificates HOST[:PORT] [--request-timeout DURATION]',
  examples: `  # A registry with a private CA: fetch its chain, check the fingerprints, then use it
  pull-secret certificates registry.internal:5000 > registry-ca.pem
  pull-secret verify --server registry.internal:5000 --username ci --password-stdin --ca-file registry-ca.pem

  # For KubeVirt CDI's certConfigMap
  pull-secret certificates registry.internal:5000 > ca.pem && kubectl create configmap registry-ca --from-file=ca.pem`,
  flags: {
    'request-timeout': {
      ...REQUEST_TIMEOUT_FLAG,
      description: 'Time limit for the TLS handshake: 10s, 1m30s, 0 for none (default 10s).',
    },
    timeout: {
      type: 'string',
      value: 'DURATION',
      description: 'The same as --request-timeout (kept for earlier scripts).',
    },
  },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) {
      throw new UsageError(
        positionals.length === 0
          ? 'Name the registry: pull-secret certificates HOST[:PORT].'
          : `Expected one HOST[:PORT], got ${positionals.length}.`,
        'For example: pull-secret certificates registry.example.com:5000.',
      );
    }
    const target = positionals[0]!;
    // A host that cannot be one (a space, a bad port) is bad input, not a failed connection.
    validateRegistry(target);
    const timeoutMs =
      values['request-timeout'] === undefined
        ? durationMs(values.timeout, 'timeout', 10_000)
        : durationMs(values['request-timeout'], 'request-timeout', 10_000);
    const { pem, descriptions } = await fetchRegistryChain(target, timeoutMs);
    io.stdout(pem);
    // What to check out of band before trusting the chain: it was read without verifying it.
    for (const description of descriptions) io.stderr(description);
    io.stderr(unverifiedChainNote(descriptions.length));
    return 0;
  },
};
