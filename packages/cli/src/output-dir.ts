import { chmod, stat, writeFile } from 'node:fs/promises';
import { InvalidInputError, showUntrusted } from '@pull-secret/dockerconfigjson';

/** --output-dir is checked before any login, so a typo costs no password typed on stdin. */
export async function checkOutputDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InvalidInputError(
      'OUTPUT_DIR_MISSING',
      `The directory "${showUntrusted(dir)}" given to --output-dir does not exist.`,
      { hint: 'Create it first, or leave --output-dir out to print the values.' },
    );
  }
}

/** Writes a file that holds a password with mode 0600. */
export async function writeSecretFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  // An existing file keeps its mode through writeFile; it holds a password now.
  await chmod(path, 0o600);
}
