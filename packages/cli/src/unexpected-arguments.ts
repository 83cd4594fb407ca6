import { UsageError } from './usage-error.js';

/**
 * Too many arguments: `lead` ("verify takes no arguments"), then how many were unexpected. They are
 * counted, never quoted: a stray argument is often a token meant for standard input
 * (`--password-stdin "$TOKEN"`), and echoing it would print the secret.
 */
export function unexpectedArguments(
  lead: string,
  count: number,
  hint: string,
  options: { credentials?: boolean } = {},
): UsageError {
  const secretHint = options.credentials
    ? ' A password or token is never an argument: pipe it to --password-stdin, or use --password-file.'
    : '';
  const them = count === 1 ? 'it' : 'they';
  return new UsageError(
    `${lead}: ${count} unexpected argument${count === 1 ? '' : 's'} (not shown: ${them} may hold a secret).`,
    `${hint}${secretHint}`,
  );
}
