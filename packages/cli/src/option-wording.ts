import {
  type OptionWording,
  PullSecretError,
  type PullSecretErrorInit,
  uniqueProviderOptions,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import type { ParsedFlags } from './flags.js';

/** The flag that sets each of pull-secret's options, where its name differs from the option's. */
const FLAGS: Readonly<Record<string, string>> = {
  registry: '--server',
  password: '--password-stdin',
  'docker-config': '--from-docker-config',
  namespaces: '-n',
  'exclude-namespaces': '--exclude-namespace',
  'service-accounts': '--service-account',
};

const SECRET_OPTIONS = new Set(
  uniqueProviderOptions(PROVIDER_PLUGINS)
    .filter(({ option }) => option.secret)
    .map(({ option }) => option.name),
);

/**
 * How the CLI names options in library messages: as the flag that sets them. A secret provider option
 * is its `--NAME-file` flag; the password is the flag it was given with.
 */
export function cliWordingFor(values: ParsedFlags['values']): OptionWording {
  const passwordFlag =
    ['password-stdin', 'password-file', 'password'].find((flag) => values[flag] !== undefined) ??
    'password-stdin';
  return (option) => {
    if (option === 'password') return `--${passwordFlag}`;
    if (SECRET_OPTIONS.has(option)) return `--${option}-file`;
    return FLAGS[option] ?? `--${option}`;
  };
}

/** How the CLI names options when it does not know the command's flags: the password as --password-stdin. */
export const cliWording: OptionWording = cliWordingFor({});

/**
 * A library error as the CLI says it: the same error class, code and fields, its options worded as
 * flags, so that whoever prints or inspects it sees what the user can type.
 */
export function inCliWords(error: unknown, values: ParsedFlags['values'] = {}): unknown {
  if (!(error instanceof PullSecretError) || !/\{\{/.test(`${error.template.message}${error.template.hint}`))
    return error;
  const { message, hint } = error.render(cliWordingFor(values));
  const Kind = error.constructor as new (
    code: string,
    message: string,
    init: PullSecretErrorInit,
  ) => PullSecretError;
  return new Kind(error.code, message, {
    ...(hint === undefined ? {} : { hint }),
    fields: error.fields,
    cause: error.cause ?? error,
  });
}
