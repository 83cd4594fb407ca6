import { join } from 'node:path';
import { checkJupyterHubValues, jupyterHubValues } from '@pull-secret/binderhub';
import { InvalidInputError, showUntrusted } from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { CREDENTIAL_FLAGS } from '../credential-flags.js';
import type { ParsedFlags } from '../flags.js';
import { REQUEST_TIMEOUT_FLAG } from '../kube-flags.js';
import { checkOutputDirectory, writeSecretFile } from '../output-dir.js';
import { PROVIDER_FLAGS, readProvidedCredentials } from '../provider-flags.js';
import { MANIFEST_LIMIT_BYTES, readInputFile } from '../read-input-file.js';
import { UsageError } from '../usage-error.js';
import { checkVerifyFlags, readVerifyCa, VERIFY_FLAGS, verifyBeforeWriting } from '../verify-access.js';

const HELP = 'Run "pull-secret jupyterhub --help" for usage.';

export const jupyterhubCommand: Command = {
  name: 'jupyterhub',
  summary:
    'Write Zero to JupyterHub (z2jh) values that give the hub and user pods a pull secret; check existing ones.',
  usage:
    'pull-secret jupyterhub --registry HOST [credential flags as for create, or --provider …] [--image-pull-secret NAME…] [--binderhub] [--verify IMAGE] [--output-dir DIR]\n  pull-secret jupyterhub check -f values.yaml [-f FILE]…',
  examples: `  # values.yaml for helm upgrade --install … jupyterhub/jupyterhub -f values.yaml
  printf %s "$TOKEN" | pull-secret jupyterhub --registry registry.example.com --username robot \\
      --password-stdin --output-dir .

  # Only name a pull Secret that pull-secret apply made
  pull-secret jupyterhub --image-pull-secret regcred

  # Find pull credentials the chart never reads (global.imagePullSecrets and friends)
  pull-secret jupyterhub check -f values.yaml`,
  flags: {
    ...CREDENTIAL_FLAGS,
    ...PROVIDER_FLAGS,
    ...VERIFY_FLAGS,
    'request-timeout': REQUEST_TIMEOUT_FLAG,
    'image-pull-secret': {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'An existing pull Secret to list in imagePullSecrets; repeatable.',
    },
    binderhub: {
      type: 'boolean',
      description: 'Nest the values under jupyterhub:, as the BinderHub chart takes them.',
    },
    'output-dir': {
      type: 'string',
      value: 'DIR',
      description: 'Write DIR/values.yaml (mode 0600) instead of printing it.',
    },
    file: {
      type: 'string',
      short: 'f',
      multiple: true,
      value: 'FILE',
      description: 'check: a values file to check (- for stdin); repeatable.',
    },
  },
  async run(flags, io) {
    const [subcommand, ...rest] = flags.positionals;
    if (subcommand === 'check') {
      if (rest.length > 0) throw new UsageError(`Unexpected argument "${showUntrusted(rest[0]!)}".`, HELP);
      return check(flags.values, io);
    }
    if (subcommand !== undefined) {
      throw new UsageError(`Unknown jupyterhub subcommand "${showUntrusted(subcommand)}".`, HELP);
    }
    return generate(flags.values, io);
  },
};

async function generate(values: ParsedFlags['values'], io: CliIo): Promise<number> {
  if (values.file !== undefined) {
    throw new UsageError(
      '-f is for pull-secret jupyterhub check.',
      'To check a values file: pull-secret jupyterhub check -f FILE.',
    );
  }
  const names = (values['image-pull-secret'] as string[] | undefined) ?? [];
  const outputDir = values['output-dir'] as string | undefined;
  // Everything is checked before a login is made: a typo must not cost a password typed on stdin.
  jupyterHubValues(undefined, { existingSecrets: names.length > 0 ? names : ['placeholder'] });
  if (outputDir !== undefined) await checkOutputDirectory(outputDir);
  checkVerifyFlags(values);
  await readVerifyCa(values, io);
  const wantsLogin = ['server', 'username', 'provider', 'from-docker-config'].some(
    (flag) => values[flag] !== undefined,
  );
  let credential: Awaited<ReturnType<typeof readProvidedCredentials>>['credentials'][number] | undefined;
  if (wantsLogin || names.length === 0) {
    const { credentials, recipes } = await readProvidedCredentials(values, io, PROVIDER_PLUGINS);
    if (credentials.length !== 1) {
      throw new InvalidInputError(
        'JUPYTERHUB_ONE_REGISTRY',
        `z2jh's imagePullSecret holds one registry; ${credentials.length} were given.`,
        {
          hint: 'Give one {{registry}}, and name Secrets for the others with --image-pull-secret (pull-secret apply makes them).',
        },
      );
    }
    credential = credentials[0];
    if (!(await verifyBeforeWriting(values, credentials, io, recipes))) return 1;
  }
  const { yaml } = jupyterHubValues(credential, {
    existingSecrets: names,
    forBinderHub: values.binderhub === true,
  });
  if (outputDir === undefined) {
    io.stdout(yaml);
    return 0;
  }
  const path = join(outputDir, 'values.yaml');
  await writeSecretFile(path, yaml);
  io.stderr(`Wrote ${showUntrusted(path)} (mode 0600).\n`);
  return 0;
}

async function check(values: ParsedFlags['values'], io: CliIo): Promise<number> {
  const paths = (values.file as string[] | undefined) ?? [];
  if (paths.length === 0) throw new UsageError('Name the values files to check with -f FILE.', HELP);
  const files = [];
  for (const path of paths) {
    files.push({
      name: path === '-' ? 'standard input' : path,
      text: await readInputFile(io, path, '-f', MANIFEST_LIMIT_BYTES),
    });
  }
  const findings = checkJupyterHubValues(files);
  for (const finding of findings) io.stdout(`${showUntrusted(finding.file)}: ${finding.message}\n`);
  if (findings.length === 0) {
    io.stderr(`No problems found in ${files.map((file) => showUntrusted(file.name)).join(', ')}.\n`);
    return 0;
  }
  return 1;
}
