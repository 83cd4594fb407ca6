import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type BinderHubValues,
  binderHubValues,
  onePushLogin,
  REGISTRY_KINDS,
  type RegistryKind,
  registryKindOfProvider,
} from '@pull-secret/binderhub';
import {
  type CredentialRecipe,
  displayRegistryKey,
  InvalidInputError,
  type RegistryCredential,
  secretForms,
  secretLines,
  showUntrusted,
  wordOptions,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS, withRefusedHint } from '@pull-secret/plugins';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { CREDENTIAL_FLAGS } from '../credential-flags.js';
import type { ParsedFlags } from '../flags.js';
import { REQUEST_TIMEOUT_FLAG, requestTimeoutMs } from '../kube-flags.js';
import { CLI_WORDING } from '../option-wording.js';
import { checkOutputDirectory, writeSecretFile } from '../output-dir.js';
import { readPassword } from '../password-source.js';
import { PROVIDER_FLAGS, readProvidedCredentials } from '../provider-flags.js';
import { readCaFile } from '../read-ca-file.js';
import { UsageError } from '../usage-error.js';
import { formatVerifyText } from '../verify-access.js';
// The check is its own file (and its own piece of work): this command only dispatches to it.
import { BINDERHUB_CHECK_FLAGS, runBinderhubCheck } from './binderhub-check.js';

const HELP = 'Run "pull-secret binderhub --help" for usage.';
// The repository under the image prefix the push proof starts (and cancels) an upload in.
const VERIFY_REPOSITORY = 'pull-secret-verify';

export const binderhubCommand: Command = {
  name: 'binderhub',
  summary:
    "Write BinderHub's Helm values: the build pods' push login, the image prefix and, with --jupyterhub, user pods' pull secret.",
  usage:
    'pull-secret binderhub --registry HOST [credential flags as for create, or --provider …] (--image-prefix PREFIX | --project P [--repository R] [--prefix binder-]) [--registry-kind KIND] [--jupyterhub [--pull-username USER --pull-password-file FILE|--pull-password-stdin]] [--verify] [--output-dir DIR]\n  pull-secret binderhub check -f secret.yaml -f config.yaml [--live]',
  examples: `  # secret.yaml and config.yaml for helm upgrade --install … jupyterhub/binderhub -f secret.yaml -f config.yaml
  pull-secret binderhub --registry gcr.io --username _json_key --password-file key.json \\
      --project my-project --jupyterhub --output-dir .

  # A Harbor push robot, a read-only robot for user pods, both proven first
  printf %s "$PUSH_TOKEN" | pull-secret binderhub --registry harbor.example.com --registry-kind harbor \\
      --username 'robot$binder+push' --password-stdin --project binder \\
      --jupyterhub --pull-username 'robot$binder+pull' --pull-password-file pull.txt --verify`,
  flags: {
    ...CREDENTIAL_FLAGS,
    ...PROVIDER_FLAGS,
    'request-timeout': REQUEST_TIMEOUT_FLAG,
    'registry-kind': {
      type: 'string',
      value: 'KIND',
      description: `How BinderHub talks to the registry (default told from its host; Harbor must be named): ${REGISTRY_KINDS.join(', ')}.`,
    },
    'image-prefix': {
      type: 'string',
      value: 'PREFIX',
      description: 'config.BinderHub.image_prefix whole, e.g. gcr.io/my-project/binder-.',
    },
    project: {
      type: 'string',
      value: 'NAME',
      description: "The prefix's project, namespace, owner or group level (the registry's own word for it).",
    },
    repository: { type: 'string', value: 'NAME', description: 'Artifact Registry: the repository level.' },
    prefix: {
      type: 'string',
      value: 'TEXT',
      description: 'The last level, put before each image name (default binder-).',
    },
    jupyterhub: {
      type: 'boolean',
      description:
        "Also give user pods a pull secret (z2jh's jupyterhub.imagePullSecret); the push login unless --pull-username.",
    },
    'pull-username': {
      type: 'string',
      value: 'USER',
      description: 'With --jupyterhub: a separate (read-only) login for user pods.',
    },
    'pull-password-file': {
      type: 'string',
      value: 'FILE',
      description: "Read the pull login's password from a file.",
    },
    'pull-password-stdin': {
      type: 'boolean',
      description: "Read the pull login's password from standard input.",
    },
    'gke-metadata': {
      type: 'boolean',
      description: "Artifact Registry on GKE: the binder pod checks images with the node's service account.",
    },
    'gke-service-account': {
      type: 'string',
      value: 'NAME',
      description: 'With --gke-metadata: the metadata server\'s service account (default "default").',
    },
    'registry-helper-url': {
      type: 'string',
      value: 'URL',
      description:
        'ECR: where binderhub-container-registry-helper answers (default http://binderhub-container-registry-helper:8080).',
    },
    verify: {
      type: 'boolean',
      description:
        "Prove the build login can push under the prefix and the user pods' login can pull first; write nothing if not.",
    },
    'verify-image': {
      type: 'string',
      value: 'IMAGE',
      description: "With --verify: an image the user pods' login must pull (default: its login is checked).",
    },
    'verify-ca-file': {
      type: 'string',
      value: 'PEM',
      description: 'With --verify: trust this CA for the registry.',
    },
    'output-dir': {
      type: 'string',
      value: 'DIR',
      description: 'Write DIR/secret.yaml (mode 0600) and DIR/config.yaml instead of printing them.',
    },
    ...BINDERHUB_CHECK_FLAGS,
  },
  async run(flags, io) {
    const [subcommand, ...rest] = flags.positionals;
    // `binderhub check` lives in binderhub-check.ts.
    if (subcommand === 'check') {
      if (rest.length > 0) throw new UsageError(`Unexpected argument "${showUntrusted(rest[0]!)}".`, HELP);
      return runBinderhubCheck(flags.values, io);
    }
    if (subcommand !== undefined) {
      throw new UsageError(`Unknown binderhub subcommand "${showUntrusted(subcommand)}".`, HELP);
    }
    return generate(flags.values, io);
  },
};

type Values = ParsedFlags['values'];

async function generate(values: Values, io: CliIo): Promise<number> {
  for (const flag of ['file', 'live', 'image', 'ca-file', 'output'] as const) {
    if (values[flag] !== undefined) {
      throw new UsageError(
        `${flag === 'file' ? '-f' : `--${flag}`} is for pull-secret binderhub check.`,
        'To check values files: pull-secret binderhub check -f secret.yaml -f config.yaml.',
      );
    }
  }
  const kind = readKind(values);
  const outputDir = values['output-dir'] as string | undefined;
  checkPullFlags(values);
  if (values.verify !== true) {
    for (const flag of ['verify-image', 'verify-ca-file']) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} needs --verify.`, 'Add --verify.');
    }
  }
  // Everything that needs no login is checked first: a typo must not cost a password typed on stdin.
  const servers = (values.server as string[] | undefined) ?? [];
  if (servers.length === 1) {
    // A stand-in login: only the given username is real (Google's must be a key's).
    const username = (values.username as string | undefined) ?? '_json_key';
    const probe = { registry: servers[0]!, username, password: 'probe' };
    build(values, kind ?? registryKindOfProvider(values.provider as string | undefined), probe, undefined);
  }
  if (outputDir !== undefined) await checkOutputDirectory(outputDir);
  const ca =
    values['verify-ca-file'] === undefined
      ? undefined
      : await readCaFile(io, values['verify-ca-file'] as string, 'verify-ca-file');

  const { credentials, recipes } = await readProvidedCredentials(values, io, PROVIDER_PLUGINS);
  const push = onePushLogin(credentials);
  const pull = await readPullLogin(values, push, io);
  const result = build(values, kind ?? registryKindOfProvider(recipes[push.registry]?.provider), push, pull);
  if (values.verify === true && !(await verifyLogins(values, result, push, pull, recipes, ca, io))) return 1;

  for (const note of result.notes) io.stderr(`note: ${note}\n`);
  if (outputDir === undefined) {
    io.stdout(`# secret.yaml: holds passwords, keep it out of version control\n${result.secret.yaml}`);
    io.stdout(`---\n# config.yaml\n${result.config.yaml}`);
    if (result.iamPolicy) io.stderr(`note: the registry helper's IAM policy:\n${result.iamPolicy}`);
    return 0;
  }
  const secretPath = join(outputDir, 'secret.yaml');
  await writeSecretFile(secretPath, result.secret.yaml);
  const written = [`${secretPath} (mode 0600)`];
  const configPath = join(outputDir, 'config.yaml');
  await writeFile(configPath, result.config.yaml);
  written.push(configPath);
  if (result.iamPolicy) {
    const policyPath = join(outputDir, 'ecr-iam-policy.json');
    await writeFile(policyPath, result.iamPolicy);
    written.push(policyPath);
  }
  io.stderr(`Wrote ${written.map(showUntrusted).join(', ')}.\n`);
  return 0;
}

function readKind(values: Values): RegistryKind | undefined {
  const kind = values['registry-kind'] as string | undefined;
  if (kind !== undefined && !(REGISTRY_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(
      `Unknown registry kind "${showUntrusted(kind)}" given to --registry-kind.`,
      `Registry kinds: ${REGISTRY_KINDS.join(', ')}.`,
    );
  }
  return kind as RegistryKind | undefined;
}

function build(
  values: Values,
  kind: RegistryKind | undefined,
  push: RegistryCredential,
  pull: RegistryCredential | undefined,
): BinderHubValues {
  return binderHubValues({
    push,
    kind,
    imagePrefix: values['image-prefix'] as string | undefined,
    project: values.project as string | undefined,
    repository: values.repository as string | undefined,
    prefix: values.prefix as string | undefined,
    jupyterhub: values.jupyterhub === true,
    pull,
    gkeMetadata: values['gke-metadata'] === true ? true : undefined,
    gkeServiceAccount: values['gke-service-account'] as string | undefined,
    registryHelperUrl: values['registry-helper-url'] as string | undefined,
  });
}

function checkPullFlags(values: Values): void {
  const hasUser = values['pull-username'] !== undefined;
  const hasPassword = values['pull-password-file'] !== undefined || values['pull-password-stdin'] === true;
  if ((hasUser || hasPassword) && values.jupyterhub !== true) {
    throw new UsageError(
      'A pull login is only for --jupyterhub.',
      'Add --jupyterhub, or leave the --pull-* flags out.',
    );
  }
  if (hasUser !== hasPassword) {
    throw new UsageError(
      hasUser ? '--pull-username needs its password.' : 'A pull password needs --pull-username.',
      'Give --pull-username with --pull-password-file FILE or --pull-password-stdin.',
    );
  }
  if (values['pull-password-stdin'] === true && values['password-stdin'] === true) {
    throw new UsageError(
      'Standard input can give one password, not both --password-stdin and --pull-password-stdin.',
      'Read one of them from a file (--password-file or --pull-password-file).',
    );
  }
}

async function readPullLogin(
  values: Values,
  push: RegistryCredential,
  io: CliIo,
): Promise<RegistryCredential | undefined> {
  const username = values['pull-username'] as string | undefined;
  if (username === undefined) return undefined;
  const password = await readPassword(
    {
      passwordFile: values['pull-password-file'] as string | undefined,
      passwordStdin: values['pull-password-stdin'] as boolean | undefined,
    },
    io,
  );
  if (!password) {
    throw new InvalidInputError('CREDENTIAL_EMPTY', "The pull login's password is empty.", {
      hint: 'Check the file given to --pull-password-file, or what was piped in.',
    });
  }
  io.rememberSecrets?.([...secretLines(password), ...secretForms({ username, password })]);
  return { registry: push.registry, username, password };
}

/** --verify: push proven for the build login, pull for the user pods' one, before anything is written. */
async function verifyLogins(
  values: Values,
  result: BinderHubValues,
  push: RegistryCredential,
  pull: RegistryCredential | undefined,
  recipes: Readonly<Record<string, CredentialRecipe>>,
  ca: string | undefined,
  io: CliIo,
): Promise<boolean> {
  const { verifyPullAccess, verifyPushAccess } = await import('@pull-secret/registry');
  const init = { ...(ca === undefined ? {} : { ca }), env: io.env, timeoutMs: requestTimeoutMs(values) };
  const provider = recipes[push.registry]?.provider;
  const checks: [string, () => Promise<Parameters<typeof formatVerifyText>[0]>][] = [];
  if (result.kind === 'ecr') {
    io.stderr("note: push not proven: on ECR the registry helper makes each build's push login.\n");
  } else {
    checks.push([
      'push',
      () =>
        verifyPushAccess(`${result.imagePrefix}${VERIFY_REPOSITORY}`, push, init) as Promise<
          Parameters<typeof formatVerifyText>[0]
        >,
    ]);
  }
  const userPods = pull ?? (values.jupyterhub === true ? push : undefined);
  if (userPods !== undefined) {
    const image = values['verify-image'] as string | undefined;
    checks.push([
      'pull',
      () =>
        verifyPullAccess({
          registry: userPods.registry,
          username: userPods.username,
          password: userPods.password,
          ...(image === undefined ? {} : { repository: image }),
          ...init,
        }),
    ]);
  }
  for (const [what, check] of checks) {
    const outcome = withRefusedHint(await check(), provider);
    const worded =
      outcome.hint === undefined
        ? outcome
        : {
            ...outcome,
            hint: wordOptions(outcome.hint, (option, n) =>
              option === 'ca-file' ? '--verify-ca-file' : CLI_WORDING(option, n),
            ),
          };
    const shown = displayRegistryKey(push.registry);
    if (worded.ok) {
      io.stderr(`verify ${what} ${shown}: ${formatVerifyText(worded)}`);
      continue;
    }
    const [line = '', ...hint] = formatVerifyText(worded).split('\n');
    io.stderr(
      `error: verify ${what} ${shown}: ${line}; the ${what === 'push' ? 'build' : "user pods'"} login cannot ${what}, so nothing was written.\n`,
    );
    if (hint[0]) io.stderr(`${hint[0]}\n`);
    return false;
  }
  return true;
}
