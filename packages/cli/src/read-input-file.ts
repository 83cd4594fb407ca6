import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import type { CliIo } from './cli-io.js';

/** A file's text, `-` meaning standard input; a missing or unreadable file is bad input (exit 2). */
export async function readInputFile(io: CliIo, path: string, flag: string): Promise<string> {
  if (path === '-') return io.readStdin();
  try {
    return await io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a directory'
          : code === 'EACCES'
            ? 'is not readable'
            : `cannot be read (${code ?? 'error'})`;
    throw new InvalidInputError('FILE_UNREADABLE', `The file "${path}" given to ${flag} ${why}.`, {
      hint: 'Check the path, or pass - to read standard input.',
    });
  }
}
