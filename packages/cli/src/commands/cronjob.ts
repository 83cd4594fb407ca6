import { InvalidInputError, showUntrusted } from '@pull-secret/dockerconfigjson';
import { validateNamespace } from '@pull-secret/secret';
import { parse, stringify } from 'yaml';
import type { Command } from '../command.js';
import { outputFormat } from '../output-flag.js';
import { MANIFEST_LIMIT_BYTES, readInputFile } from '../read-input-file.js';
import { unexpectedArguments } from '../unexpected-arguments.js';
import { UsageError } from '../usage-error.js';
import { VERSION } from '../version.js';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const cronjobCommand: Command = {
  name: 'cronjob',
  summary:
    'Print the manifests of the Helm chart’s cronjob mode (ServiceAccount, RBAC, the refresh CronJob) for kubectl apply, without Helm.',
  usage:
    'pull-secret cronjob [-f values.yaml]… [--name NAME] [-n NAMESPACE] [-o yaml|json]\n  (values as for charts/pull-secret; see docs/helm.md)',
  examples: `  # ECR logins renewed every 15 minutes in two namespaces, with the pod's IRSA role
  pull-secret cronjob -f values.yaml -n pull-secret | kubectl apply -f -

  # The objects the chart's defaults make
  pull-secret cronjob -n pull-secret`,
  flags: {
    values: {
      type: 'string',
      short: 'f',
      multiple: true,
      value: 'FILE',
      description:
        'A values file (YAML or JSON, - for standard input), as helm -f takes it; later files win.',
    },
    name: {
      type: 'string',
      value: 'NAME',
      description: 'Name of the objects, as a Helm release name (default pull-secret).',
    },
    namespace: {
      type: 'string',
      short: 'n',
      value: 'NS',
      description:
        'Namespace the CronJob runs in, and the target when the values name none (default "default").',
    },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'yaml (default) or json (a List).' },
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) {
      throw unexpectedArguments(
        'cronjob takes no arguments',
        positionals.length,
        'Give values with -f FILE; run "pull-secret cronjob --help".',
      );
    }
    const output = outputFormat(values.output, ['yaml', 'json'], 'yaml');
    const name = (values.name as string | undefined) ?? 'pull-secret';
    if (!DNS_LABEL.test(name) || name.length > 53) {
      throw new UsageError(
        `The name "${showUntrusted(name)}" given to --name is not a valid release name.`,
        'Use at most 53 lowercase letters, digits and dashes, starting and ending with a letter or digit.',
      );
    }
    const namespace = (values.namespace as string | undefined) ?? 'default';
    validateNamespace(namespace);
    // The chart's definition is loaded only here: every other command starts without it.
    const [{ CHART_DOCUMENTS }, { renderObjects }, { defaultValues, mergeValues, valuesProblems }] =
      await Promise.all([
        import('../chart/chart-definition.js'),
        import('../chart/chart-template.js'),
        import('../chart/chart-values.js'),
      ]);
    let merged: unknown = defaultValues();
    for (const path of (values.values as string[] | undefined) ?? []) {
      merged = mergeValues(merged, await readValuesFile(io, path));
    }
    const problems = valuesProblems(merged);
    if (problems.length > 0) {
      throw new InvalidInputError(
        'CHART_VALUES_INVALID',
        `The values do not fit the chart: ${showUntrusted(problems[0]!)}.`,
        {
          hint: 'The chart’s values are listed in docs/helm.md and in charts/pull-secret/values.yaml.',
        },
      );
    }
    if ((merged as { mode?: unknown }).mode !== 'cronjob') {
      throw new UsageError(
        'pull-secret cronjob prints the cronjob mode; the values ask for mode: deployment.',
        'Install the chart with Helm for the watch Deployment, or set mode: cronjob.',
      );
    }
    const objects = renderObjects(CHART_DOCUMENTS, {
      values: merged as Record<string, unknown>,
      releaseName: name,
      releaseNamespace: namespace,
      appVersion: VERSION,
    });
    io.stdout(
      output === 'json'
        ? `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }, null, 2)}\n`
        : objects.map((object) => `---\n${stringify(object, { lineWidth: 0 })}`).join(''),
    );
    return 0;
  },
};

async function readValuesFile(io: Parameters<Command['run']>[1], path: string): Promise<unknown> {
  const text = await readInputFile(io, path, '-f', MANIFEST_LIMIT_BYTES);
  const where = path === '-' ? 'standard input' : `"${showUntrusted(path)}"`;
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch {
    throw new InvalidInputError('CHART_VALUES_NOT_YAML', `The values in ${where} are not YAML.`, {
      hint: 'Give a values file as helm -f takes it.',
    });
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidInputError('CHART_VALUES_NOT_MAP', `The values in ${where} are not a map of keys.`, {
      hint: 'A values file holds keys such as mode:, targets: and credentials: at its top level.',
    });
  }
  return parsed;
}
