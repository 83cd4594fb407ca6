import { InvalidInputError, PullSecretError, redactText } from '@pull-secret/dockerconfigjson';
import type { CliIo } from './cli-io.js';
import { COMMON_FLAGS, type Command } from './command.js';
import { formatFlagHelp, parseFlags } from './flags.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

// Each command is loaded only when it runs, so `pull-secret create` never parses explain's code.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  create: {
    summary: 'Print a pull Secret for a registry (like kubectl create secret docker-registry).',
    load: async () => (await import('./commands/create.js')).createCommand,
  },
  apply: {
    summary:
      'Create or update a pull Secret in many namespaces, merge-safe, and hook it into ServiceAccounts.',
    load: async () => (await import('./commands/apply.js')).applyCommand,
  },
  status: {
    summary: 'List the pull Secrets pull-secret manages, their registries, expiry and ServiceAccounts.',
    load: async () => (await import('./commands/status.js')).statusCommand,
  },
  explain: {
    summary: 'Show which credentials kubelet would try for an image, and why.',
    load: async () => (await import('./commands/explain.js')).explainCommand,
  },
  decode: {
    summary: 'List the registries and users in a pull Secret or Docker config.',
    load: async () => (await import('./commands/decode.js')).decodeCommand,
  },
};

/** Runs `pull-secret ARGS` and returns the exit code: 0 done, 1 the operation failed, 2 bad usage or input. */
export async function main(args: readonly string[], unguardedIo: CliIo): Promise<number> {
  const debug = args.includes('--debug');
  const io = guarded(unguardedIo);
  try {
    // --debug may come before the command, as kubectl's global flags do.
    const [name, ...rest] = args[0] === '--debug' ? args.slice(1) : args;
    if (name === undefined) {
      io.stderr(topLevelHelp());
      return 2;
    }
    if (name === '--help' || name === '-h' || name === 'help') {
      io.stdout(topLevelHelp());
      return 0;
    }
    if (name === '--version' || name === 'version') {
      io.stdout(`pull-secret ${VERSION}\n`);
      return 0;
    }
    const entry = COMMANDS[name];
    if (!entry) {
      const known = Object.keys(COMMANDS).join(', ');
      throw new UsageError(`Unknown command "${name}".`, `Commands: ${known}. Run "pull-secret --help".`);
    }
    const command = await entry.load();
    const flags = { ...command.flags, ...COMMON_FLAGS };
    const parsed = parseFlags(command.name, rest, flags);
    if (parsed.values.help) {
      io.stdout(commandHelp(command, flags));
      return 0;
    }
    return await command.run(parsed, io);
  } catch (error) {
    return reportError(error, io, debug);
  }
}

/** The same io, with every secret it has been told about replaced by *** in whatever goes to stderr. */
function guarded(io: CliIo): CliIo {
  const secrets = new Set<string>();
  return {
    ...io,
    stdout: (text) => io.stdout(text),
    stderr: (text) => io.stderr(secrets.size > 0 ? redactText(text, secrets) : text),
    readStdin: () => io.readStdin(),
    readFile: (path) => io.readFile(path),
    get stderrIsTTY() {
      return io.stderrIsTTY;
    },
    rememberSecrets: (forms) => {
      for (const form of forms) secrets.add(form);
      io.rememberSecrets?.(forms);
    },
  };
}

function reportError(error: unknown, io: CliIo, debug: boolean): number {
  const known = error instanceof PullSecretError;
  const message = known ? error.message : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
  io.stderr(`error: ${message}\n`);
  const hint = known ? error.hint : 'Run again with --debug for details, and report it if it persists.';
  if (hint) io.stderr(`hint: ${hint}\n`);
  if (debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  return error instanceof UsageError || error instanceof InvalidInputError ? 2 : 1;
}

function topLevelHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  const commands = Object.entries(COMMANDS)
    .map(([name, { summary }]) => `  ${name.padEnd(width)}${summary}`)
    .join('\n');
  return `pull-secret: Kubernetes image pull secrets for private registries.

Usage:
  pull-secret COMMAND [flags]

Commands:
${commands}

Run "pull-secret COMMAND --help" for a command's flags. Exit codes: 0 done, 1 failed, 2 bad usage or input.
`;
}

function commandHelp(command: Command, flags: Command['flags']): string {
  return `${command.summary}

Usage:
  ${command.usage}

Examples:
${command.examples}

Flags:
${formatFlagHelp(flags)}
`;
}
