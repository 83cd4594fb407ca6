import {
  CredentialUnavailableError,
  InvalidInputError,
  type OptionWording,
  type ProviderPlugin,
  PullSecretError,
  uniqueProviderOptions,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import type { ParsedFlags } from './flags.js';

/** Neutral option names whose flag is spelled otherwise. */
const FLAGS: Readonly<Record<string, string>> = {
  registry: '--server',
  'docker-config': '--from-docker-config',
  namespaces: '-n',
  'exclude-namespaces': '--exclude-namespace',
  'service-accounts': '--service-account',
};

/**
 * How the CLI words a library's `{{option}}`: as its flag; a secret provider option as `--NAME-file`
 * (the only way the command line takes one); the password as the flag it was given with (given
 * `values`), else `--password-stdin`.
 */
export function cliWording(
  plugins: readonly ProviderPlugin[] = PROVIDER_PLUGINS,
  values: ParsedFlags['values'] = {},
): OptionWording {
  const secret = new Set(
    uniqueProviderOptions(plugins)
      .filter(({ option }) => option.secret)
      .map(({ option }) => option.name),
  );
  const passwordFlag =
    ['password-stdin', 'password-file', 'password'].find((flag) => values[flag] !== undefined) ??
    'password-stdin';
  return (option) => {
    if (option === 'password') return `--${passwordFlag}`;
    if (secret.has(option)) return `--${option}-file`;
    return FLAGS[option] ?? `--${option}`;
  };
}

/** The wording for the installed providers. */
export const CLI_WORDING: OptionWording = cliWording();

/** The same error with its message and hint in the CLI's words (flags), same class, code and fields. */
export function inCliWords(error: unknown, word: OptionWording = CLI_WORDING): unknown {
  if (!(error instanceof PullSecretError)) return error;
  const { message, hint } = error.render(word);
  if (message === error.message && hint === error.hint) return error;
  const init = { ...(hint === undefined ? {} : { hint }), fields: error.fields, cause: error };
  // The kind decides the exit code (2 for bad input); a subclass's own constructor may differ.
  if (error instanceof InvalidInputError) return new InvalidInputError(error.code, message, init);
  if (error instanceof CredentialUnavailableError) {
    return new CredentialUnavailableError(error.code, message, { ...init, attempts: error.attempts });
  }
  return new PullSecretError(error.code, message, init);
}
