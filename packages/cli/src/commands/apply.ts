import { displayRegistryKey, showUntrusted, wordOptions } from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import {
  type ApplyPullSecretOptions,
  type ApplyPullSecretResult,
  applyPullSecret,
  formatManifests,
  type NamespaceResult,
  validateSecretName,
  validateServiceAccountName,
  validateTargets,
} from '@pull-secret/secret';
import type { Command } from '../command.js';
import { CREDENTIAL_FLAGS, secretNameArgument } from '../credential-flags.js';
import { debugTrace } from '../debug-trace.js';
import { dryRunFlag, dryRunMode } from '../dry-run-flag.js';
import type { ParsedFlags } from '../flags.js';
import { FOR_FLAG, forCdi, singleCdiCredential } from '../for-cdi.js';
import { formatTable } from '../format-table.js';
import { KUBE_FLAGS, kubeApiInit } from '../kube-flags.js';
import { positiveInteger } from '../number-flags.js';
import { CLI_WORDING } from '../option-wording.js';
import { outputFormat } from '../output-flag.js';
import { progressLine } from '../progress-line.js';
import { PROVIDER_FLAGS, readProvidedCredentials } from '../provider-flags.js';
import { UsageError } from '../usage-error.js';
import { checkVerifyFlags, readVerifyCa, VERIFY_FLAGS, verifyBeforeWriting } from '../verify-access.js';
import { applyCdiSecret } from './apply-cdi.js';
import { runApplyWatch, WATCH_FLAGS, watchSettings } from './apply-watch.js';

const OUTCOMES = ['created', 'updated', 'unchanged', 'skipped', 'refused', 'failed'] as const;

export const applyCommand: Command = {
  name: 'apply',
  summary:
    'Create or update a pull Secret in one or many namespaces: merge-safe, idempotent, never delete-then-create.',
  usage:
    'pull-secret apply NAME [credential flags as for create] [-n NS… | --all-namespaces | --namespace-selector SEL] [--exclude-namespace GLOB…] [--service-account SA…] [--verify IMAGE] [--replace] [--force] [--dry-run=client|server] [--diff] [--kubeconfig FILE] [--context NAME] [-o text|json|yaml] [--for cdi] [--watch [--leader-elect] [--metrics-port PORT] [--before 50%|DURATION]]',
  examples: `  # ghcr.io credentials into two namespaces, hooked into their default ServiceAccount
  printf %s "$GITHUB_TOKEN" | pull-secret apply ghcr-pull --server ghcr.io --username me --password-stdin \\
      -n apps,jobs --service-account default

  # Every namespace labelled team=data, except kube-*; show what would change first
  pull-secret apply regcred --server registry.example.com --username ci --password-file token.txt \\
      --namespace-selector team=data --exclude-namespace 'kube-*' --diff

  # Keep it there: new namespaces, deleted or edited Secrets, ECR logins made again at half-life
  pull-secret apply ecr-pull --provider ecr --aws-region eu-west-1 -A --service-account default \\
      --watch --leader-elect --metrics-port 8080`,
  flags: {
    ...CREDENTIAL_FLAGS,
    ...PROVIDER_FLAGS,
    ...VERIFY_FLAGS,
    namespace: {
      type: 'string',
      short: 'n',
      multiple: true,
      value: 'NS',
      description: 'Target namespace; repeat or use commas (default: the context namespace).',
    },
    'all-namespaces': {
      type: 'boolean',
      short: 'A',
      description: 'Every namespace (those being deleted are skipped).',
    },
    'namespace-selector': {
      type: 'string',
      value: 'SELECTOR',
      description: 'Namespaces whose labels match, e.g. team=data,env!=dev.',
    },
    'exclude-namespace': {
      type: 'string',
      multiple: true,
      value: 'GLOB',
      description: "Leave out matching namespaces, e.g. 'kube-*'; repeatable.",
    },
    'service-account': {
      type: 'string',
      multiple: true,
      value: 'SA',
      description: 'Add the Secret to this ServiceAccount’s imagePullSecrets; repeatable.',
    },
    replace: { type: 'boolean', description: 'Drop other registries’ entries instead of keeping them.' },
    force: { type: 'boolean', description: 'Take over a Secret that pull-secret did not create.' },
    'dry-run': dryRunFlag(
      'client: print the Secrets, write nothing; server: the API checks the writes, stores nothing.',
    ),
    diff: { type: 'boolean', description: 'Print what would change (no secret values), write nothing.' },
    concurrency: { type: 'string', value: 'N', description: 'Namespaces worked on at once (default 16).' },
    for: FOR_FLAG,
    ...WATCH_FLAGS,
    ...KUBE_FLAGS,
    output: {
      type: 'string',
      short: 'o',
      value: 'FORMAT',
      description: 'text (default: table on stderr) or json; with --dry-run=client, yaml or json manifests.',
    },
  },
  async run({ values, positionals }, io) {
    const name = secretNameArgument(positionals, 'apply');
    validateSecretName(name);
    const dryRun = dryRunMode(values['dry-run']);
    const diff = values.diff === true;
    if (diff && dryRun === 'server')
      throw new UsageError('--diff cannot be combined with --dry-run=server.', 'Use one of them.');
    const printsManifests = dryRun === 'client' && !diff;
    const output = printsManifests
      ? outputFormat(values.output, ['yaml', 'json'], 'yaml')
      : outputFormat(values.output, ['text', 'json'], 'text');
    const targets = {
      namespaces: commaList(values.namespace),
      allNamespaces: values['all-namespaces'] === true,
      ...(values['namespace-selector'] ? { namespaceSelector: values['namespace-selector'] as string } : {}),
      exclude: commaList(values['exclude-namespace']),
    };
    validateTargets(targets);
    const serviceAccounts = (values['service-account'] as string[] | undefined) ?? [];
    for (const account of serviceAccounts) validateServiceAccountName(account);
    const concurrency = positiveInteger(values.concurrency, 'concurrency', 16);
    const cdi = forCdi(values);
    if (cdi && (values['service-account'] !== undefined || values.replace === true)) {
      throw new UsageError(
        `--for cdi cannot be combined with ${values.replace === true ? '--replace' : '--service-account'}.`,
        'A CDI Secret is named by a registry source’s secretRef, not by a ServiceAccount, and holds one registry.',
      );
    }
    // Every flag is checked before a login is made.
    const watch = watchSettings(values, name);
    checkVerifyFlags(values);
    await readVerifyCa(values, io);
    // applyPullSecret redacts the API server's messages with every form of the credentials itself.
    const init = kubeApiInit(values, []);
    const { credentials, provider, recipes } = await readProvidedCredentials(values, io, PROVIDER_PLUGINS);
    if (cdi) singleCdiCredential(credentials);
    if (!(await verifyBeforeWriting(values, credentials, io, recipes))) return 1;
    if (watch) {
      return runApplyWatch(
        values,
        watch,
        init,
        {
          name,
          credentials,
          provider,
          recipes,
          serviceAccounts,
          replace: values.replace === true,
          force: values.force === true,
          concurrency,
        },
        targets,
        io,
      );
    }
    if (cdi) {
      return applyCdiSecret(
        init,
        {
          name,
          credential: credentials[0]!,
          targets,
          force: values.force === true,
          dryRun: dryRun,
          diff,
          concurrency,
          output,
        },
        io,
      );
    }

    const progress = progressLine(io, `applying ${name}`);
    const options: ApplyPullSecretOptions = {
      name,
      credentials,
      provider,
      recipes,
      targets,
      serviceAccounts,
      replace: values.replace === true,
      force: values.force === true,
      dryRun: diff ? 'client' : dryRun,
      concurrency,
      onProgress: progress.update,
      // Only printed manifests need each namespace's Secret kept to the end.
      keepManifests: printsManifests,
    };
    let result: ApplyPullSecretResult;
    try {
      result = await applyPullSecret(init, options);
    } finally {
      progress.done();
    }

    if (printsManifests) {
      const manifests = result.namespaces.flatMap((ns) => (ns.manifest ? [ns.manifest] : []));
      if (manifests.length > 0) io.stdout(formatManifests(manifests, output as 'yaml' | 'json'));
    } else if (diff && output === 'json') {
      io.stdout(`${JSON.stringify(jsonDiff(name, result), null, 2)}\n`);
    } else if (diff) {
      const changed = result.namespaces.filter((ns) => ns.changes.length > 0);
      io.stdout(
        changed.length === 0 ? 'No changes.\n' : `${changed.flatMap((ns) => ns.changes).join('\n')}\n`,
      );
    } else if (output === 'json') {
      io.stdout(`${JSON.stringify(jsonReport(name, dryRun, result), null, 2)}\n`);
    }
    for (const warning of result.warnings) io.stderr(`warning: ${showUntrusted(warning)}\n`);
    if (output !== 'json' || printsManifests) io.stderr(textReport(name, dryRun, diff, result));
    if (values.debug === true) {
      for (const ns of result.namespaces) if (ns.error) io.stderr(`${ns.namespace}: ${debugTrace(ns.error)}`);
    }
    return result.ok ? 0 : 1;
  },
};

function jsonReport(name: string, dryRun: string, result: ApplyPullSecretResult) {
  return {
    secret: name,
    dryRun,
    ok: result.ok,
    namespaces: result.namespaces.map(({ namespace, outcome, registries, serviceAccounts, ...rest }) => ({
      namespace,
      outcome,
      ...(rest.reason ? { reason: reasonWithHint(rest) } : {}),
      registries: registries.map(displayRegistryKey),
      serviceAccounts,
    })),
  };
}

const CHANGE_OPS = { '+': 'add', '~': 'change', '-': 'remove' } as const;

/**
 * `--diff -o json`: per namespace, its changes as `{op, kind, what}` (`+ registry ghcr.io` is
 * `{op: "add", kind: "registry", what: "ghcr.io"}`), from the same lines the text diff prints.
 */
function jsonDiff(name: string, result: ApplyPullSecretResult) {
  return {
    secret: name,
    dryRun: 'client',
    diff: true,
    ok: result.ok,
    changed: result.namespaces.some((ns) => ns.changes.length > 0),
    namespaces: result.namespaces.map((ns) => ({
      namespace: ns.namespace,
      outcome: ns.outcome,
      ...(ns.reason ? { reason: reasonWithHint(ns) } : {}),
      changes: ns.changes.map((line) => {
        const match = /^([+~-]) (\S+)(?: (.*))?$/.exec(line);
        const op = match ? CHANGE_OPS[match[1] as keyof typeof CHANGE_OPS] : 'change';
        return { op, kind: match?.[2] ?? '', what: match ? (match[3] ?? '') : line };
      }),
    })),
  };
}

function textReport(name: string, dryRun: string, diff: boolean, result: ApplyPullSecretResult): string {
  const rows = [
    ['NAMESPACE', 'RESULT', 'REGISTRIES', 'SERVICEACCOUNTS', 'REASON'],
    ...result.namespaces.map((ns) => [
      ns.namespace,
      ns.outcome,
      ns.registries.map(displayRegistryKey).join(','),
      serviceAccountCell(ns),
      reasonCell(ns),
    ]),
  ];
  const table = formatTable(rows);
  const counts = OUTCOMES.map(
    (outcome) => `${result.namespaces.filter((ns) => ns.outcome === outcome).length} ${outcome}`,
  );
  const mode = diff
    ? ' (diff: nothing written)'
    : dryRun === 'client'
      ? ' (dry run: nothing written)'
      : dryRun === 'server'
        ? ' (server dry run: nothing stored)'
        : '';
  const summary =
    result.namespaces.length === 0
      ? `secret ${name}: no namespaces matched${mode}`
      : `secret ${name}: ${counts.join(', ')}${mode}`;
  return result.namespaces.length === 0 ? `${summary}\n` : `${table}${summary}\n`;
}

function serviceAccountCell(ns: NamespaceResult): string {
  return ns.serviceAccounts.map((sa) => `${sa.name} (${sa.outcome})`).join(',');
}

function reasonCell(ns: NamespaceResult): string {
  return ns.reason ? reasonWithHint(ns) : (ns.serviceAccounts.find((sa) => sa.reason)?.reason ?? '');
}

/** The reason, then the advice with its options worded as flags ("…; pass --force to take it over"). */
function reasonWithHint({ reason, hint }: Pick<NamespaceResult, 'reason' | 'hint'>): string {
  return hint ? `${reason}; ${wordOptions(hint, CLI_WORDING)}` : (reason ?? '');
}

/** A repeatable flag whose values may each be a comma list (`-n a,b -n c`): trimmed, empty ones dropped. */
function commaList(value: ParsedFlags['values'][string]): string[] {
  return ((value as string[] | undefined) ?? [])
    .flatMap((list) => list.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}
