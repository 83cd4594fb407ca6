import {
  type BinderLookupResult,
  binderRegistrySettings,
  checkBinderHubValues,
  mergeValuesFiles,
  type ValuesFile,
} from '@pull-secret/binderhub';
import { secretForms, showUntrusted, wordOptions } from '@pull-secret/dockerconfigjson';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import type { FlagSpecs, ParsedFlags } from '../flags.js';
import { REQUEST_TIMEOUT_FLAG, requestTimeoutMs } from '../kube-flags.js';
import { CLI_WORDING } from '../option-wording.js';
import { outputFormat } from '../output-flag.js';
import { readCaFile } from '../read-ca-file.js';
import { MANIFEST_LIMIT_BYTES, readInputFile } from '../read-input-file.js';
import { UsageError } from '../usage-error.js';

const HELP = 'Run "pull-secret binderhub --help" for usage.';

/** The flags of `pull-secret binderhub check`; the binderhub command takes them beside its own. */
export const BINDERHUB_CHECK_FLAGS: FlagSpecs = {
  file: {
    type: 'string',
    short: 'f',
    multiple: true,
    value: 'FILE',
    description:
      'check: a values file (secret.yaml, config.yaml; - for stdin), merged in order as helm -f does; repeatable.',
  },
  live: {
    type: 'boolean',
    description:
      "check: also make the binder pod's own registry requests and say whether it will find images.",
  },
  image: {
    type: 'string',
    value: 'IMAGE',
    description: 'check --live: a built image to look up (default: a new name under image_prefix).',
  },
  'ca-file': {
    type: 'string',
    value: 'PEM',
    description: 'check --live: trust this CA (PEM) for the registry.',
  },
  'request-timeout': REQUEST_TIMEOUT_FLAG,
  output: { type: 'string', short: 'o', value: 'FORMAT', description: 'check: text (default) or json.' },
};

/**
 * `pull-secret binderhub check -f secret.yaml -f config.yaml [--live]`: 0 nothing found, 1 a problem
 * (one line each: what, why it breaks, the fix), 2 unreadable input (thrown, worded by main).
 */
export async function runBinderhubCheck(values: ParsedFlags['values'], io: CliIo): Promise<number> {
  const paths = (values.file as string[] | undefined) ?? [];
  if (paths.length === 0) {
    throw new UsageError(
      'Name the values files to check with -f FILE.',
      'For example: -f secret.yaml -f config.yaml.',
    );
  }
  const output = outputFormat(values.output, ['text', 'json'], 'text');
  const live = values.live === true;
  if (!live && (values.image !== undefined || values['ca-file'] !== undefined)) {
    throw new UsageError('--image and --ca-file are for check --live.', 'Add --live, or leave them out.');
  }
  const timeoutMs = requestTimeoutMs(values);
  const caFile = values['ca-file'] as string | undefined;
  const ca = caFile === undefined ? undefined : await readCaFile(io, caFile, 'ca-file');
  const files: ValuesFile[] = [];
  for (const path of paths) {
    files.push({
      name: path === '-' ? 'standard input' : path,
      text: await readInputFile(io, path, '-f', MANIFEST_LIMIT_BYTES),
    });
  }
  const findings = checkBinderHubValues(files);
  let lookup: BinderLookupResult | undefined;
  if (live) {
    const settings = binderRegistrySettings(mergeValuesFiles(files).values);
    if (settings.password !== '') io.rememberSecrets?.(secretForms(settings));
    const { probeBinderRegistry } = await import('@pull-secret/binderhub');
    lookup = await probeBinderRegistry(settings, {
      ...(values.image === undefined ? {} : { image: values.image as string }),
      ...(ca === undefined ? {} : { ca }),
      timeoutMs,
      env: io.env,
    });
    if (lookup.hint !== undefined) {
      lookup = { ...lookup, hint: wordOptions(lookup.hint, (option, n) => CLI_WORDING(option, n)) };
    }
  }
  const ok =
    findings.length === 0 &&
    (lookup === undefined || ['found', 'not-found', 'not-checked'].includes(lookup.outcome));
  if (output === 'json') {
    io.stdout(`${JSON.stringify({ ok, findings, ...(lookup ? { live: lookup } : {}) }, null, 2)}\n`);
    return ok ? 0 : 1;
  }
  for (const finding of findings) io.stdout(`${showUntrusted(finding.file)}: ${finding.message}\n`);
  if (lookup) {
    for (const request of lookup.requests) io.stdout(`  ${request.request} -> ${request.status}\n`);
    io.stdout(`${lookup.message}\n`);
    if (lookup.hint !== undefined) io.stdout(`hint: ${lookup.hint}\n`);
  }
  if (findings.length === 0) {
    io.stderr(`No problems found in ${files.map((file) => showUntrusted(file.name)).join(', ')}.\n`);
  }
  return ok ? 0 : 1;
}
