import type { CliIo } from './cli-io.js';
import { PASSWORD_BYTES_HINT, refuseReplacedBytes } from './decoded-text.js';
import { readInputFile } from './read-input-file.js';
import { UsageError } from './usage-error.js';

export const PASSWORD_ENV = 'PULL_SECRET_PASSWORD';

export interface PasswordFlags {
  password?: string;
  passwordStdin?: boolean;
  passwordFile?: string;
}

/**
 * The password from exactly one of --password-stdin, --password-file or --password (PULL_SECRET_PASSWORD
 * is the caller's fallback, for a static login only). Standard input and files lose one trailing newline, as `docker login
 * --password-stdin` does. `--password` works but warns. Returns undefined when none was given.
 */
export async function readPassword(flags: PasswordFlags, io: CliIo): Promise<string | undefined> {
  const given = [
    flags.passwordStdin && '--password-stdin',
    flags.passwordFile !== undefined && '--password-file',
    flags.password !== undefined && '--password',
  ].filter((flag): flag is string => Boolean(flag));
  if (given.length > 1) {
    throw new UsageError(
      `Give the password one way, not with ${given.join(' and ')}.`,
      'Prefer --password-stdin.',
    );
  }
  if (flags.passwordStdin) {
    const typed = await io.readTerminalPassword?.();
    if (typed !== undefined) return typed;
    return dropTrailingNewline(await readInputFile(io, '-', '--password-stdin'));
  }
  if (flags.passwordFile !== undefined) {
    return dropTrailingNewline(await readInputFile(io, flags.passwordFile, '--password-file'));
  }
  if (flags.password !== undefined) {
    refuseReplacedBytes(flags.password, 'The password given to --password', PASSWORD_BYTES_HINT);
    io.stderr(
      'warning: --password leaves the password in your shell history and the process list; use --password-stdin, --password-file or PULL_SECRET_PASSWORD.\n',
    );
    return flags.password;
  }
  return undefined;
}

/** Standard input and files lose one trailing newline, as `docker login --password-stdin` does. */
export function dropTrailingNewline(text: string): string {
  return text.replace(/\r?\n$/, '');
}
