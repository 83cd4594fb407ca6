import { DOCKER_HUB_KEY } from '@pull-secret/dockerconfigjson';
import type { CliIo } from './cli-io.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { readPassword } from './password-source.js';
import { unexpectedArguments } from './unexpected-arguments.js';
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

/** The password from --password-stdin, --password-file, --password or PULL_SECRET_PASSWORD, if given. */
export async function readPasswordFlags(
  values: ParsedFlags['values'],
  io: CliIo,
): Promise<string | undefined> {
  return readPassword(
    {
      password: values.password as string | undefined,
      passwordStdin: values['password-stdin'] as boolean | undefined,
      passwordFile: values['password-file'] as string | undefined,
    },
    io,
  );
}

/** The one NAME positional of create and apply. */
export function secretNameArgument(positionals: readonly string[], command: string): string {
  if (positionals.length === 0) {
    throw new UsageError(
      `Name the Secret: pull-secret ${command} NAME.`,
      `Run "pull-secret ${command} --help" for usage.`,
    );
  }
  if (positionals.length > 1) {
    throw unexpectedArguments(
      `Expected one NAME, got ${positionals.length}`,
      positionals.length - 1,
      `Run "pull-secret ${command} --help" for usage.`,
      { credentials: true },
    );
  }
  return positionals[0]!;
}
