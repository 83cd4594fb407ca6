import {
  DOCKER_HUB_KEY,
  importDockerCliConfig,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import {
  formatManifests,
  pullSecretManifest,
  validateNamespace,
  validateSecretName,
} from '@pull-secret/secret';
import type { CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import type { ParsedFlags } from '../flags.js';
import { outputFormat } from '../output-flag.js';
import { readPassword, requireNonEmpty } from '../password-source.js';
import { readInputFile } from '../read-input-file.js';
import { validateServer } from '../server-flag.js';
import { UsageError } from '../usage-error.js';

export interface CreateOptions {
  name: string;
  namespace?: string;
  output: 'yaml' | 'json';
  credentials: RegistryCredential[];
}

const CREDENTIAL_FLAGS = [
  'server',
  'username',
  'email',
  'password',
  'password-stdin',
  'password-file',
] as const;

/** Gathers the options from flags, standard input, files and the environment, then validates them. */
export async function completeCreate(flags: ParsedFlags, io: CliIo): Promise<CreateOptions> {
  const { values, positionals } = flags;
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? 'Name the Secret: pull-secret create NAME.'
        : `Expected one NAME, got ${positionals.length}.`,
      'Run "pull-secret create --help" for usage.',
    );
  }
  const name = positionals[0]!;
  const output = outputFormat(values.output, ['yaml', 'json'], 'yaml');
  const namespace = values.namespace as string | undefined;
  const fromDockerConfig = values['from-docker-config'] as string | undefined;
  // Names first: a typo in NAME should not cost the user a password typed on standard input.
  validateSecretName(name);
  if (namespace !== undefined) validateNamespace(namespace);

  let credentials: RegistryCredential[];
  if (fromDockerConfig !== undefined) {
    const mixed = CREDENTIAL_FLAGS.filter((flag) => values[flag] !== undefined);
    if (mixed.length > 0) {
      throw new UsageError(
        `--from-docker-config cannot be combined with --${mixed[0]}.`,
        'Either read every credential from the Docker config, or give --server/--username/--password-stdin.',
      );
    }
    credentials = importDockerCliConfig(await readInputFile(io, fromDockerConfig, '--from-docker-config'));
  } else {
    const servers = (values.server as string[] | undefined) ?? [DOCKER_HUB_KEY];
    for (const server of servers) validateServer(server);
    const username = requireNonEmpty(
      values.username as string | undefined,
      'username',
      'Pass --username (or --docker-username).',
    );
    const password = requireNonEmpty(
      await readPassword(
        {
          password: values.password as string | undefined,
          passwordStdin: values['password-stdin'] as boolean | undefined,
          passwordFile: values['password-file'] as string | undefined,
        },
        io,
      ),
      'password',
      'Pipe it to --password-stdin, or use --password-file or PULL_SECRET_PASSWORD.',
    );
    const email = values.email as string | undefined;
    credentials = servers.map((registry) => ({ registry, username, password, ...(email ? { email } : {}) }));
  }
  const options: CreateOptions = {
    name,
    output,
    credentials,
    ...(namespace === undefined ? {} : { namespace }),
  };
  validateCreate(options);
  return options;
}

/** Checks that need no I/O; unit-tested as a table. */
export function validateCreate(options: CreateOptions): void {
  validateSecretName(options.name);
  if (options.namespace !== undefined) validateNamespace(options.namespace);
}

export async function runCreate(options: CreateOptions, io: CliIo): Promise<number> {
  const manifest = pullSecretManifest({
    name: options.name,
    credentials: options.credentials,
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
  });
  io.stdout(formatManifests([manifest], options.output));
  return 0;
}

export const createCommand: Command = {
  name: 'create',
  summary: 'Print a kubernetes.io/dockerconfigjson Secret for a registry, byte-compatible with kubectl.',
  usage:
    'pull-secret create NAME [--server HOST] --username USER (--password-stdin | --password-file FILE | --password PASS) [--email EMAIL] [-n NAMESPACE] [-o yaml|json]\n  pull-secret create NAME --from-docker-config PATH',
  examples: `  # A GitHub Container Registry secret, the token read from standard input
  printf %s "$GITHUB_TOKEN" | pull-secret create ghcr-pull --server ghcr.io --username me --password-stdin

  # Apply it straight away
  pull-secret create regcred --server registry.example.com:5000 --username ci --password-file token.txt | kubectl apply -f -

  # From a Docker CLI config written by docker login
  pull-secret create regcred --from-docker-config ~/.docker/config.json -n apps`,
  flags: {
    server: {
      type: 'string',
      multiple: true,
      aliases: ['docker-server', 'registry'],
      value: 'HOST',
      description: `Registry: host[:port][/path] or URL (default ${DOCKER_HUB_KEY}); repeat for several.`,
    },
    username: {
      type: 'string',
      aliases: ['docker-username'],
      value: 'USER',
      description: 'Registry username.',
    },
    'password-stdin': { type: 'boolean', description: 'Read the password from standard input.' },
    'password-file': { type: 'string', value: 'FILE', description: 'Read the password from a file.' },
    password: {
      type: 'string',
      aliases: ['docker-password'],
      value: 'PASS',
      description: 'The password itself (warns: it lands in shell history). Also: PULL_SECRET_PASSWORD.',
    },
    email: {
      type: 'string',
      aliases: ['docker-email'],
      value: 'EMAIL',
      description: 'Email, kept for old clients.',
    },
    'from-docker-config': {
      type: 'string',
      value: 'PATH',
      description: 'Take every registry from a Docker CLI config.json instead (- for stdin).',
    },
    namespace: { type: 'string', short: 'n', value: 'NS', description: 'Namespace to put in the manifest.' },
    output: { type: 'string', short: 'o', value: 'FORMAT', description: 'yaml (default) or json.' },
  },
  async run(flags, io) {
    return runCreate(await completeCreate(flags, io), io);
  },
};
