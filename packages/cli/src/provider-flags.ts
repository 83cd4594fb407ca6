import {
  type ProviderOption,
  type ProviderPlugin,
  secretLines,
  showUntrusted,
  uniqueProviderOptions,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS, planCredentials, type ResolvedCredentials } from '@pull-secret/plugins';
import type { CliIo } from './cli-io.js';
import { readPasswordFlags } from './credential-flags.js';
import { PASSWORD_BYTES_HINT, refuseReplacedBytes } from './decoded-text.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { githubIdToken } from './github-oidc.js';
import { requestTimeoutMs } from './kube-flags.js';
import { cliWording, inCliWords } from './option-wording.js';
import { dropTrailingNewline, PASSWORD_ENV } from './password-source.js';
import { readInputFile } from './read-input-file.js';

/** An option as the CLI takes it: a secret one only as `--NAME-file` (or its env variables), never as a value. */
function flagOf(option: ProviderOption): string {
  return option.secret ? `${option.name}-file` : option.name;
}

/**
 * `--provider` and every plugin's options as flags. A secret option is never a plain flag: it is read
 * from its env variables, or from `--<name>-file FILE` (`-` for standard input).
 */
export function providerFlagSpecs(plugins: readonly ProviderPlugin[]): FlagSpecs {
  const specs: FlagSpecs = {
    provider: {
      type: 'string',
      value: 'NAME',
      description: `Where the login comes from: ${['auto', 'static', ...plugins.map((p) => p.name)].join(', ')}. auto (default) uses --username when given, else the provider that serves --registry.`,
    },
  };
  for (const { option, plugins: owners } of uniqueProviderOptions(plugins)) {
    const also = option.env?.length ? ` Also: ${option.env.join(', ')}.` : '';
    const choices = option.choices && !option.boolean ? ` One of ${option.choices.join(', ')}.` : '';
    specs[flagOf(option)] = {
      type: option.boolean ? 'boolean' : 'string',
      ...(option.boolean ? {} : { value: option.secret ? 'FILE' : 'VALUE' }),
      description: `[${owners.join(', ')}] ${option.description}${choices}${option.secret ? ' Read from FILE (- for standard input).' : ''}${also}`,
    };
  }
  return specs;
}

/** The flags of the installed providers, made once for every command that takes them. */
export const PROVIDER_FLAGS: FlagSpecs = providerFlagSpecs(PROVIDER_PLUGINS);

/**
 * The logins the flags ask for, through the one resolver the Action shares: a static login
 * (`--username`, `--from-docker-config`), or a provider plugin's, chosen by `--provider` or detected
 * from each `--registry` host. Everything is checked before any provider is called; secrets are hidden
 * on stderr as soon as they are known.
 */
export async function readProvidedCredentials(
  values: ParsedFlags['values'],
  io: CliIo,
  plugins: readonly ProviderPlugin[],
): Promise<ResolvedCredentials> {
  try {
    const dockerConfig = values['from-docker-config'] as string | undefined;
    const timeoutMs = requestTimeoutMs(values);
    const idToken = githubIdToken(io, timeoutMs);
    // PULL_SECRET_PASSWORD stands in for a password flag only where a static login is asked for: set
    // in the environment, it must not turn a provider's or a Docker config's run into a conflict.
    const staticLogin = values.username !== undefined || values.provider === 'static';
    const fromFlags = await readPasswordFlags(values, io);
    if (fromFlags === undefined && staticLogin) {
      refuseReplacedBytes(io.env[PASSWORD_ENV], `The password in ${PASSWORD_ENV}`, PASSWORD_BYTES_HINT);
    }
    const password = fromFlags ?? (staticLogin ? io.env[PASSWORD_ENV] : undefined);
    refuseReplacedBytes(
      values.username as string | undefined,
      'The username given to --username',
      'Give the username as UTF-8 text.',
    );
    if (password !== undefined) io.rememberSecrets?.(secretLines(password));
    const plan = await planCredentials({
      plugins,
      provider: values.provider as string | undefined,
      registries: (values.server as string[] | undefined) ?? [],
      options: await providerOptionValues(plugins, values, io),
      login: {
        username: values.username as string | undefined,
        password,
        email: values.email as string | undefined,
      },
      ...(dockerConfig === undefined
        ? {}
        : { dockerConfig: () => readInputFile(io, dockerConfig, '--from-docker-config') }),
      env: io.env,
      timeoutMs,
      ...(idToken ? { idToken } : {}),
    });
    io.rememberSecrets?.(plan.secrets);
    // Warnings quote config files and provider answers: one line each, control characters escaped.
    for (const warning of plan.warnings) io.stderr(`warning: ${showUntrusted(warning)}\n`);
    const resolved = await plan.resolve({
      warn: (message) => io.stderr(`warning: ${showUntrusted(message)}\n`),
    });
    io.rememberSecrets?.(resolved.secrets);
    return resolved;
  } catch (error) {
    throw inCliWords(error, cliWording(plugins, values));
  }
}

/** Every provider option given as a flag; a secret one read from its `--NAME-file`. */
async function providerOptionValues(
  plugins: readonly ProviderPlugin[],
  values: ParsedFlags['values'],
  io: CliIo,
): Promise<Record<string, string>> {
  const options: Record<string, string> = {};
  for (const { option } of uniqueProviderOptions(plugins)) {
    const given = values[flagOf(option)] as string | boolean | undefined;
    if (given === undefined) continue;
    if (typeof given === 'boolean') {
      options[option.name] = String(given);
      continue;
    }
    options[option.name] = option.secret
      ? dropTrailingNewline(await readInputFile(io, given, `--${flagOf(option)}`))
      : given;
    if (option.secret) io.rememberSecrets?.(secretLines(options[option.name]!));
  }
  return options;
}
