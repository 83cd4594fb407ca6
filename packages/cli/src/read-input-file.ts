import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import type { CliIo } from './cli-io.js';
import { InputNotUtf8Error, InputTooLargeError } from './read-limited.js';

/**
 * The most pull-secret reads from one input file or standard input: a Docker config, a password, a key
 * file or a CA bundle is kilobytes, and Kubernetes caps a Secret at 1 MiB.
 */
export const INPUT_LIMIT_BYTES = 1024 * 1024;
/** For -f: `kubectl get secrets -o yaml` output may list many Secrets. */
export const MANIFEST_LIMIT_BYTES = 8 * 1024 * 1024;

const MiB = 1024 * 1024;

/**
 * A file's text, `-` meaning standard input; a missing, unreadable, oversized (more than `maxBytes`,
 * refused before it is all read) or non-UTF-8 input is bad input (exit 2).
 */
export async function readInputFile(
  io: CliIo,
  path: string,
  flag: string,
  maxBytes = INPUT_LIMIT_BYTES,
): Promise<string> {
  const what = path === '-' ? `Standard input (read for ${flag})` : `The file "${path}" given to ${flag}`;
  try {
    return path === '-' ? await io.readStdin({ maxBytes }) : await io.readFile(path, { maxBytes });
  } catch (error) {
    if (error instanceof InputTooLargeError) {
      throw new InvalidInputError('FILE_TOO_LARGE', `${what} is larger than ${maxBytes / MiB} MiB.`, {
        hint: `pull-secret reads at most ${maxBytes / MiB} MiB from one input; check that it is the right file.`,
      });
    }
    if (error instanceof InputNotUtf8Error) {
      throw new InvalidInputError('FILE_NOT_UTF8', `${what} is not valid UTF-8 text.`, {
        hint: 'Save it as UTF-8: pull-secret never rewrites a byte it cannot read as UTF-8.',
      });
    }
    if (path === '-') throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'is not readable'
            : `cannot be read (${code ?? 'error'})`;
    throw new InvalidInputError('FILE_UNREADABLE', `${what} ${why}.`, {
      hint: 'Check the path, or pass - to read standard input.',
    });
  }
}
