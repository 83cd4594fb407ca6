/**
 * How a front end names one of pull-secret's options: the CLI as a flag (`--force`), the Action as an
 * input (`the input force`). Options are named by their neutral names: `registry`, `username`,
 * `password`, `email`, `docker-config`, `force`, `replace`, `namespaces`, `all-namespaces`,
 * `namespace-selector`, `exclude-namespaces`, `service-accounts`, `kubeconfig`, `context`,
 * `request-timeout`, `provider`, and each provider option's own name (`aws-region`, `gcp-key-file`).
 */
export type OptionWording = (option: string, occurrence: number) => string;

/** Library text names no front end's syntax: `{{force}}` marks an option, worded by whoever shows it. */
const OPTION_PLACEHOLDER = /\{\{([a-z][a-z0-9-]*)\}\}/g;

/**
 * `text` with each `{{option}}` placeholder worded for one front end. `occurrence` counts placeholders
 * in the text (0 for the first), so a front end can say "the input a cannot be combined with b". A
 * text that opens with an option worded as a phrase starts with a capital letter.
 */
export function wordOptions(text: string, word: OptionWording): string {
  let occurrence = 0;
  let first: string | undefined;
  const worded = text.replace(OPTION_PLACEHOLDER, (_, option: string) => {
    const wording = word(option, occurrence++);
    first ??= wording;
    return wording;
  });
  // A sentence that opens with a phrase ("the input force") gets its capital; a flag or a bare name
  // (`--force`, `x-auth`) is left as it is typed.
  const opensWithPhrase = text.startsWith('{{') && /^[a-z]+ /.test(first ?? '');
  return opensWithPhrase ? worded.charAt(0).toUpperCase() + worded.slice(1) : worded;
}

/** How library messages read when no front end words them: "the force option". */
export const NEUTRAL_WORDING: OptionWording = (option) => `the ${option} option`;

export interface PullSecretErrorInit {
  /** How to fix it; may name options as `{{option}}`. */
  hint?: string;
  cause?: unknown;
  /** Structured facts a front end may use: which option, which kind of value. Never a secret. */
  fields?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * An error a user can act on: a stable `code`, one sentence saying what is wrong, and a hint saying how
 * to fix it. Messages never contain secret values, and never name a CLI flag or an Action input: they
 * name options as `{{option}}`, which `message` and `hint` show neutrally and `render` words for a
 * front end.
 */
export class PullSecretError extends Error {
  override name = 'PullSecretError';
  readonly code: string;
  readonly hint: string | undefined;
  readonly fields: Readonly<Record<string, string | number | boolean>>;
  /** The message and hint with their `{{option}}` placeholders, for `render`. */
  readonly template: { readonly message: string; readonly hint: string | undefined };

  constructor(code: string, message: string, init: PullSecretErrorInit = {}) {
    super(
      wordOptions(message, NEUTRAL_WORDING),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.code = code;
    this.template = { message, hint: init.hint };
    this.hint = init.hint === undefined ? undefined : wordOptions(init.hint, NEUTRAL_WORDING);
    this.fields = init.fields ?? {};
  }

  /** The message and hint as a front end shows them, options worded its way. */
  render(word: OptionWording): { message: string; hint: string | undefined } {
    return {
      message: wordOptions(this.template.message, word),
      hint: this.template.hint === undefined ? undefined : wordOptions(this.template.hint, word),
    };
  }
}

/** The input is malformed: a file, an option value, a manifest. The CLI exits 2 on these. */
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
    init: PullSecretErrorInit & { attempts?: readonly CredentialUnavailableError[] } = {},
  ) {
    super(code, message, init);
    this.attempts = init.attempts ?? [];
  }
}
