import { InvalidInputError } from '@pull-secret/dockerconfigjson';

/**
 * Node decodes command-line arguments and the environment as UTF-8 and turns each byte that is not into
 * U+FFFD, so such a value is no longer the one given. A username or password holding U+FFFD from there is
 * refused (exit 2) rather than written changed; a file or standard input keeps its bytes and is checked
 * exactly (read-limited.ts).
 */
export function refuseReplacedBytes(value: string | undefined, what: string, hint: string): void {
  if (value?.includes('\uFFFD')) {
    throw new InvalidInputError('TEXT_NOT_UTF8', `${what} is not valid UTF-8 text (it holds U+FFFD).`, {
      hint,
    });
  }
}

export const PASSWORD_BYTES_HINT =
  'Pass it with --password-stdin or --password-file, which keep its bytes: pull-secret never rewrites a password.';
