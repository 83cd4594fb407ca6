/**
 * An error a user can act on: a stable `code`, one sentence saying what is wrong, and a hint saying how
 * to fix it. Messages never contain secret values.
 */
export class PullSecretError extends Error {
  override name = 'PullSecretError';
  readonly code: string;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.hint = options.hint;
  }
}

/** The input is malformed: a file, a flag value, a manifest. The CLI exits 2 on these. */
export class InvalidInputError extends PullSecretError {
  override name = 'InvalidInputError';
}

/**
 * A provider cannot serve credentials here (no identity, not its registry). `chain` moves on to the
 * next provider only on this error; anything else stops the chain.
 */
export class CredentialUnavailableError extends PullSecretError {
  override name = 'CredentialUnavailableError';
  /** Set by `chain` when every provider was unavailable: each provider's own error, in order. */
  readonly attempts: readonly CredentialUnavailableError[];

  constructor(
    code: string,
    message: string,
    options: { hint?: string; cause?: unknown; attempts?: readonly CredentialUnavailableError[] } = {},
  ) {
    super(code, message, options);
    this.attempts = options.attempts ?? [];
  }
}
