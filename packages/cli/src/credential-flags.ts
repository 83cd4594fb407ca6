import {
  DOCKER_HUB_KEY,
  InvalidInputError,
  importDockerCliConfig,
  type RegistryCredential,
  secretForms,
  validateRegistry,
} from '@pull-secret/dockerconfigjson';
import type { CliIo } from './cli-io.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { readPassword, requireNonEmpty } from './password-source.js';
import { readInputFile } from './read-input-file.js';
import { UsageError } from './usage-error.js';

/** The flags that say which registry login goes into the Secret; shared by create and apply. */
export const CREDENTIAL_FLAGS: FlagSpecs = {
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
};

/** The flags of a plain login: a provider, or a Docker config, would make them meaningless. */
export const STATIC_LOGIN_FLAGS = [
  'username',
  'password',
  'password-stdin',
  'password-file',
  'email',
] as const;
const STATIC_FLAGS = ['server', ...STATIC_LOGIN_FLAGS] as const;

/** The credentials the flags describe: from a Docker CLI config, or --server/--username/password. */
export async function readCredentialFlags(
  values: ParsedFlags['values'],
  io: CliIo,
): Promise<RegistryCredential[]> {
  const fromDockerConfig = values['from-docker-config'] as string | undefined;
  if (fromDockerConfig !== undefined) {
    const mixed = STATIC_FLAGS.filter((flag) => values[flag] !== undefined);
    if (mixed.length > 0) {
      throw new UsageError(
        `--from-docker-config cannot be combined with --${mixed[0]}.`,
        'Either read every credential from the Docker config, or give --server/--username/--password-stdin.',
      );
    }
    const credentials = importDockerCliConfig(
      await readInputFile(io, fromDockerConfig, '--from-docker-config'),
      {
        onHelperOnly: (registry, helper) =>
          io.stderr(
            `warning: ${registry} is left out: only the credential helper "${helper}" has its login, and kubelet cannot run helpers.\n`,
          ),
      },
    );
    io.rememberSecrets?.(credentials.flatMap(secretForms));
    return credentials;
  }
  const servers = (values.server as string[] | undefined) ?? [DOCKER_HUB_KEY];
  for (const server of servers) validateRegistry(server);
  const { username, password } = await readLoginFlags(values, io);
  const email = values.email as string | undefined;
  return servers.map((registry) => ({ registry, username, password, ...(email ? { email } : {}) }));
}

/**
 * --username and the password, both required, the username without ":" (kubelet splits `user:pass`
 * at the first colon); every form of them is hidden on stderr from here on.
 */
export async function readLoginFlags(
  values: ParsedFlags['values'],
  io: CliIo,
): Promise<{ username: string; password: string }> {
  const username = requireNonEmpty(
    values.username as string | undefined,
    'username',
    'Pass --username (or --docker-username).',
  );
  if (username.includes(':')) {
    throw new InvalidInputError(
      'USERNAME_HAS_COLON',
      'The username contains ":", so kubelet would read part of it as the password.',
      { hint: 'kubelet splits "username:password" at the first colon: use a username without ":".' },
    );
  }
  const password = await readPasswordFlags(values, io);
  io.rememberSecrets?.(secretForms({ username, password }));
  return { username, password };
}

/** The password from --password-stdin, --password-file, --password or PULL_SECRET_PASSWORD; never empty. */
export async function readPasswordFlags(values: ParsedFlags['values'], io: CliIo): Promise<string> {
  return requireNonEmpty(
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
}

/** The one NAME positional of create and apply. */
export function secretNameArgument(positionals: readonly string[], command: string): string {
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0
        ? `Name the Secret: pull-secret ${command} NAME.`
        : `Expected one NAME, got ${positionals.length}.`,
      `Run "pull-secret ${command} --help" for usage.`,
    );
  }
  return positionals[0]!;
}
