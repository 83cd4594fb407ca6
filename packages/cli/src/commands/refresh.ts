import { displayRegistryKey, showUntrusted, wordOptions } from '@pull-secret/dockerconfigjson';
import {
  type RefreshPullSecretsResult,
  refreshPullSecrets,
  validateSecretName,
  validateTargets,
} from '@pull-secret/secret';
import type { Command } from '../command.js';
import { dryRunFlag, dryRunMode } from '../dry-run-flag.js';
import type { ParsedFlags } from '../flags.js';
import { formatTable } from '../format-table.js';
import { KUBE_FLAGS, kubeApiInit } from '../kube-flags.js';
import { CLI_WORDING } from '../option-wording.js';
import { outputFormat } from '../output-flag.js';
import { recipeResolver } from '../recipe-resolver.js';
import { refreshPoint } from '../refresh-before.js';
import { unexpectedArguments } from '../unexpected-arguments.js';

export const refreshCommand: Command = {
  name: 'refresh',
  summary:
    'Make again the logins of managed pull Secrets that are past their refresh point, from the recipe each records.',
  usage:
    'pull-secret refresh [-n NS… | --all-namespaces | --namespace-selector SEL] [--secret NAME] [--before 50%|DURATION] [--dry-run=client|server] [-o text|json] [--kubeconfig FILE] [--context NAME]',
  examples: `  # Every managed Secret in the cluster whose logins are past half their lifetime
  pull-secret refresh -A

  # One Secret, logins expiring within the next 30 minutes
  pull-secret refresh -n apps --secret registry-creds --before 30m`,
  flags: {
    namespace: {
      type: 'string',
      short: 'n',
      multiple: true,
      value: 'NS',
      description: 'Namespace to look in; repeat or use commas (default: the context namespace).',
    },
    'all-namespaces': { type: 'boolean', short: 'A', description: 'Every namespace.' },
    'namespace-selector': {
      type: 'string',
      value: 'SELECTOR',
      description: 'Namespaces whose labels match, e.g. team=data,env!=dev.',
    },
    secret: { type: 'string', value: 'NAME', description: 'Only Secrets of this name.' },
    before: {
      type: 'string',
      value: '50%|DURATION',
      description:
        'Refresh point: a share of the lifetime left (default 50%: past half of it), or a duration (30m: expiring within 30 minutes).',
    },
    'dry-run': dryRunFlag(
      'client: make the logins, write nothing; server: the API checks the writes, stores nothing.',
    ),
    ...KUBE_FLAGS,
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'text (default) or json.' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0)
      throw unexpectedArguments(
        'refresh takes no arguments',
        positionals.length,
        'Name Secrets with --secret NAME; run "pull-secret refresh --help".',
      );
    const output = outputFormat(values.output, ['text', 'json'], 'text');
    const dryRun = dryRunMode(values['dry-run']);
    const before = refreshPoint(values.before);
    const secret = values.secret as string | undefined;
    if (secret !== undefined) validateSecretName(secret);
    const targets = {
      namespaces: commaList(values.namespace),
      allNamespaces: values['all-namespaces'] === true,
      ...(values['namespace-selector'] ? { namespaceSelector: values['namespace-selector'] as string } : {}),
    };
    validateTargets(targets);
    const init = kubeApiInit(values, []);
    const result = await refreshPullSecrets(init, {
      targets,
      ...(secret === undefined ? {} : { secret }),
      before,
      resolve: recipeResolver(values, io),
      dryRun: dryRun,
    });
    // Keys come from the cluster: every report shows them by the one display rule (no user info).
    const shown = {
      ...result,
      secrets: result.secrets.map((row) => ({
        ...row,
        entries: row.entries.map((entry) => ({ ...entry, registry: displayRegistryKey(entry.registry) })),
      })),
    };
    if (output === 'json') io.stdout(`${JSON.stringify({ dryRun, ...shown }, null, 2)}\n`);
    else io.stdout(textReport(shown, dryRun, targets.allNamespaces || Boolean(targets.namespaceSelector)));
    for (const row of shown.secrets) {
      if (row.reason) io.stderr(`error: secret ${row.namespace}/${row.name}: ${showUntrusted(row.reason)}\n`);
      for (const entry of row.entries) {
        if (entry.outcome === 'failed' && entry.reason && !row.reason) {
          io.stderr(
            `error: secret ${row.namespace}/${row.name}, ${entry.registry}: ${showUntrusted(entry.reason.replace(/\.$/, ''))}; its entry is kept as it was.\n`,
          );
          if (entry.hint) io.stderr(`hint: ${showUntrusted(wordOptions(entry.hint, CLI_WORDING))}\n`);
        }
      }
    }
    return result.ok ? 0 : 1;
  },
};

function textReport(result: RefreshPullSecretsResult, dryRun: string, everywhere: boolean): string {
  if (result.secrets.length === 0) {
    return `No pull secrets managed by pull-secret ${everywhere ? 'in the namespaces selected' : 'in the namespaces given'}.\n`;
  }
  const table = [
    ['NAMESPACE', 'NAME', 'REGISTRY', 'PROVIDER', 'RESULT', 'EXPIRES-AT'],
    ...result.secrets.flatMap((row) =>
      row.entries.map((entry) => [
        row.namespace,
        row.name,
        entry.registry,
        entry.provider,
        entry.outcome,
        entry.newExpiresAt ?? entry.expiresAt ?? '',
      ]),
    ),
  ];
  const count = (outcome: string) => result.secrets.filter((row) => row.outcome === outcome).length;
  const mode =
    dryRun === 'client' ? ' (dry run: nothing written)' : dryRun === 'server' ? ' (server dry run)' : '';
  const n = result.secrets.length;
  return `${formatTable(table)}${n} secret${n === 1 ? '' : 's'}: ${count('refreshed')} refreshed, ${count('unchanged')} unchanged, ${count('failed')} failed${mode}\n`;
}

function commaList(value: ParsedFlags['values'][string]): string[] {
  return ((value as string[] | undefined) ?? [])
    .flatMap((list) => list.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}
