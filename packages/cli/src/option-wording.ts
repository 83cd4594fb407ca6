import { type OptionWording, PullSecretError, uniqueProviderOptions } from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';

/** Secret provider options are taken only from files on the command line: `--NAME-file`. */
const SECRET_OPTIONS = new Set(
  uniqueProviderOptions(PROVIDER_PLUGINS)
    .filter(({ option }) => option.secret)
    .map(({ option }) => option.name),
);

/** Neutral option names whose flag is spelled otherwise. */
const FLAGS: Readonly<Record<string, string>> = {
  namespaces: '--namespace',
  'docker-config': '--from-docker-config',
};

/** How the CLI words a library's `{{option}}`: as its flag. */
export const CLI_WORDING: OptionWording = (option) =>
  FLAGS[option] ?? (SECRET_OPTIONS.has(option) ? `--${option}-file` : `--${option}`);

/** The same error with its message and hint in the CLI's words (flags), same class, code and fields. */
export function inCliWords(error: unknown): unknown {
  if (!(error instanceof PullSecretError)) return error;
  const { message, hint } = error.render(CLI_WORDING);
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
