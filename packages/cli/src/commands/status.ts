import { displayRegistryKey } from '@pull-secret/dockerconfigjson';
import { connectKubeApi, listManagedPullSecrets, validateNamespace } from '@pull-secret/secret';
import type { Command } from '../command.js';
import { formatTable } from '../format-table.js';
import { KUBE_FLAGS, kubeApiInit } from '../kube-flags.js';
import { outputFormat } from '../output-flag.js';
import { unexpectedArguments } from '../unexpected-arguments.js';
import { UsageError } from '../usage-error.js';

export const statusCommand: Command = {
  name: 'status',
  summary:
    'List the pull Secrets pull-secret manages: registries, expiry, and the ServiceAccounts using them.',
  usage: 'pull-secret status [-n NS | --all-namespaces] [-o text|json] [--kubeconfig FILE] [--context NAME]',
  examples: `  # Everything pull-secret manages in the cluster
  pull-secret status -A

  # For a script: which secrets expire when
  pull-secret status -A -o json`,
  flags: {
    namespace: {
      type: 'string',
      short: 'n',
      value: 'NS',
      description: 'Namespace (default: the context namespace).',
    },
    'all-namespaces': { type: 'boolean', short: 'A', description: 'All namespaces.' },
    ...KUBE_FLAGS,
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'text (default) or json.' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0)
      throw unexpectedArguments(
        'status takes no arguments',
        positionals.length,
        'Run "pull-secret status --help".',
      );
    const output = outputFormat(values.output, ['text', 'json'], 'text');
    const all = values['all-namespaces'] === true;
    const namespace = values.namespace as string | undefined;
    if (all && namespace)
      throw new UsageError('-n cannot be combined with --all-namespaces.', 'Use one of them.');
    if (namespace) validateNamespace(namespace);
    const api = await connectKubeApi(kubeApiInit(values, []));
    const listed = await listManagedPullSecrets(api, all ? undefined : (namespace ?? api.defaultNamespace));
    // Annotations can be edited by anyone who may edit the Secret: a key with user info stays hidden.
    const rows = listed.map((row) => ({ ...row, registries: row.registries.map(displayRegistryKey) }));
    if (output === 'json') {
      io.stdout(`${JSON.stringify({ secrets: rows }, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.stdout(
        `No pull secrets managed by pull-secret ${all ? 'in any namespace' : `in namespace ${namespace ?? api.defaultNamespace}`}.\n`,
      );
      return 0;
    }
    const table = [
      ['NAMESPACE', 'NAME', 'REGISTRIES', 'PROVIDER', 'EXPIRES-AT', 'SERVICEACCOUNTS'],
      ...rows.map((row) => [
        row.namespace,
        row.name,
        row.registries.join(','),
        row.provider ?? '',
        row.expiresAt ?? '',
        row.serviceAccounts.join(','),
      ]),
    ];
    io.stdout(formatTable(table));
    return 0;
  },
};
