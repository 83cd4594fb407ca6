import { caCertificates } from '@pull-secret/http';
import type { CliIo } from './cli-io.js';
import { readInputFile } from './read-input-file.js';

/**
 * A CA file's PEM certificates (`--ca-file`, `--verify-ca-file`), read before any network call: a
 * missing file, or one with no certificate in it (`/etc/passwd`), is bad input (exit 2).
 */
export async function readCaFile(
  io: CliIo,
  path: string,
  option: 'ca-file' | 'verify-ca-file',
): Promise<string> {
  const text = await readInputFile(io, path, `--${option}`);
  return caCertificates(text, option, path === '-' ? undefined : path).join('');
}
