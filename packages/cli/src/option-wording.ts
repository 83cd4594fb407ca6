import {
  type OptionWording,
  type ProviderPlugin,
  PullSecretError,
  uniqueProviderOptions,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';

/** Neutral option names whose flag is spelled otherwise. */
const FLAGS: Readonly<Record<string, string>> = {
  namespaces: '--namespace',
  'docker-config': '--from-docker-config',
};

/**
 * How the CLI words a library's `{{option}}`: as its flag, a secret provider option as `--NAME-file`
 * (the only way the command line takes one).
 */
export function cliWording(plugins: readonly ProviderPlugin[]): OptionWording {
  const secret = new Set(
    uniqueProviderOptions(plugins)
      .filter(({ option }) => option.secret)
      .map(({ option }) => option.name),
  );
  return (option) => FLAGS[option] ?? (secret.has(option) ? `--${option}-file` : `--${option}`);
}

/** The wording for the installed providers. */
export const CLI_WORDING: OptionWording = cliWording(PROVIDER_PLUGINS);

/** The same error with its message and hint in the CLI's words (flags), same class, code and fields. */
export function inCliWords(error: unknown, word: OptionWording = CLI_WORDING): unknown {
  if (!(error instanceof PullSecretError)) return error;
  const { message, hint } = error.render(word);
  if (message === error.message && hint === error.hint) return error;
  const Kind = error.constructor as new (
    code: string,
    message: string,
    init: ConstructorParameters<typeof PullSecretError>[2],
  ) => PullSecretError;
  return new Kind(error.code, message, {
    ...(hint === undefined ? {} : { hint }),
    fields: error.fields,
    cause: error,
    ...('attempts' in error ? { attempts: error.attempts } : {}),
  } as ConstructorParameters<typeof PullSecretError>[2]);
}
