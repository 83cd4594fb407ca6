import {
  InvalidInputError,
  PullSecretError,
  REDACT_ANYWHERE_LENGTH,
  redactText,
  showUntrusted,
  uniqueProviderOptions,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import type { CliIo } from './cli-io.js';
import { COMMON_FLAGS, type Command } from './command.js';
import { applyCommand } from './commands/apply.js';
import { binderhubCommand } from './commands/binderhub.js';
import { certificatesCommand } from './commands/certificates.js';
import { createCommand } from './commands/create.js';
import { cronjobCommand } from './commands/cronjob.js';
import { decodeCommand } from './commands/decode.js';
import { explainCommand } from './commands/explain.js';
import { jupyterhubCommand } from './commands/jupyterhub.js';
import { kubevirtCommand } from './commands/kubevirt.js';
import { refreshCommand } from './commands/refresh.js';
import { statusCommand } from './commands/status.js';
import { verifyCommand } from './commands/verify.js';
import { debugTrace } from './debug-trace.js';
import { formatFlagHelp, type ParsedFlags, parseFlags } from './flags.js';
import { cliWording } from './option-wording.js';
import { UsageError } from './usage-error.js';
import { VERSION } from './version.js';

// Commands are imported statically: with one chunk per command, esbuild split the shared code into
// seven files for `create`, and each file costs Node about half a millisecond to resolve and link
// (3.4 ms in all, measured). What is big and rarely needed, the Kubernetes client, stays a separate
// chunk that only apply and status load, and so does the registry client (verify, --verify).
const COMMANDS: ReadonlyMap<string, Command> = new Map(
  [
    createCommand,
    applyCommand,
    statusCommand,
    verifyCommand,
    certificatesCommand,
    explainCommand,
    decodeCommand,
    kubevirtCommand,
    jupyterhubCommand,
    binderhubCommand,
    refreshCommand,
    cronjobCommand,
  ].map((command) => [command.name, command]),
);

/** Runs `pull-secret ARGS` and returns the exit code: 0 done, 1 the operation failed, 2 bad usage or input. */
export async function main(args: readonly string[], unguardedIo: CliIo): Promise<number> {
  // Seen before parsing too, so a parse error can still be debugged.
  let debug = args.includes('--debug');
  let values: ParsedFlags['values'] = {};
  const { io, ordinary } = guarded(unguardedIo);
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
    const command = COMMANDS.get(name);
    if (!command) {
      const known = [...COMMANDS.keys()].join(', ');
      throw new UsageError(`Unknown command "${name}".`, `Commands: ${known}. Run "pull-secret --help".`);
    }
    const flags = { ...command.flags, ...COMMON_FLAGS };
    const parsed = parseFlags(command.name, rest, flags);
    debug ||= parsed.values.debug === true;
    values = parsed.values;
    for (const warning of parsed.warnings ?? []) io.stderr(`warning: ${warning}\n`);
    for (const word of typedWords(parsed.values)) ordinary.add(word);
    if (parsed.values.help) {
      io.stdout(commandHelp(command, flags));
      return 0;
    }
    return await command.run(parsed, io);
  } catch (error) {
    return reportError(error, io, debug, values);
  }
}

/**
 * The same io, with every secret it has been told about replaced by *** in whatever goes to stderr
 * (a short secret only as a whole token, see redactText). `ordinary` holds the words typed as values of
 * flags that are not secret (namespaces, names, servers): a short password that is also such a word
 * (`apps`) is not hidden, as the word is printed anyway and hiding it would blank "namespace apps".
 */
function guarded(io: CliIo): { io: CliIo; ordinary: Set<string> } {
  const secrets = new Set<string>();
  const ordinary = new Set<string>();
  const hidden = () =>
    [...secrets].filter((secret) => secret.length >= REDACT_ANYWHERE_LENGTH || !ordinary.has(secret));
  // Every field spelled out: spreading `io` would read stderrIsTTY, and touching process.stderr loads
  // Node's stream and net modules, a fifth of a short command's start-up.
  const guardedIo: CliIo = {
    env: io.env,
    stdout: (text) => io.stdout(text),
    stderr: (text) => io.stderr(secrets.size > 0 ? redactText(text, hidden()) : text),
    readStdin: (limit) => io.readStdin(limit),
    readFile: (path, limit) => io.readFile(path, limit),
    ...(io.readTerminalPassword ? { readTerminalPassword: io.readTerminalPassword } : {}),
    ...(io.onStop ? { onStop: io.onStop } : {}),
    get stderrIsTTY() {
      return io.stderrIsTTY;
    },
    rememberSecrets: (forms) => {
      for (const form of forms) secrets.add(form);
      io.rememberSecrets?.(forms);
    },
  };
  return { io: guardedIo, ordinary };
}

/** The values of the flags that hold no secret, each item of a comma list on its own. */
function typedWords(values: ParsedFlags['values']): string[] {
  const secret = new Set([
    'password',
    ...uniqueProviderOptions(PROVIDER_PLUGINS)
      .filter(({ option }) => option.secret)
      .map(({ option }) => option.name),
  ]);
  return Object.entries(values)
    .filter(([name]) => !secret.has(name))
    .flatMap(([, value]) => (typeof value === 'string' ? [value] : Array.isArray(value) ? value : []))
    .flatMap((value) => String(value).split(','))
    .map((word) => word.trim())
    .filter(Boolean);
}

function reportError(error: unknown, io: CliIo, debug: boolean, values: ParsedFlags['values']): number {
  // Library errors name options neutrally: here they become the flags the user can type.
  const worded =
    error instanceof PullSecretError ? error.render(cliWording(PROVIDER_PLUGINS, values)) : undefined;
  const message = worded ? worded.message : `Unexpected error: ${(error as Error)?.message ?? String(error)}`;
  // Messages quote files, registries and the API server: one line each, control characters escaped.
  io.stderr(`error: ${showUntrusted(message)}\n`);
  const hint = worded ? worded.hint : 'Run again with --debug for details, and report it if it persists.';
  if (hint) io.stderr(`hint: ${showUntrusted(hint)}\n`);
  if (debug && error instanceof Error && error.stack) {
    io.stderr(debugTrace(error).split('\n').map(showUntrusted).join('\n'));
  }
  return error instanceof UsageError || error instanceof InvalidInputError ? 2 : 1;
}

function topLevelHelp(): string {
  const width = Math.max(...[...COMMANDS.keys()].map((name) => name.length)) + 2;
  const commands = [...COMMANDS.values()]
    .map(({ name, summary }) => `  ${name.padEnd(width)}${summary}`)
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
