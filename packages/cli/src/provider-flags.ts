import {
  assignProviders,
  type ProviderOption,
  type ProviderPlugin,
  type RegistryCredential,
  resolveProviderOptions,
  secretForms,
  secretLines,
  uniqueProviderOptions,
  validateRegistry,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import type { CliIo } from './cli-io.js';
import { readCredentialFlags, STATIC_LOGIN_FLAGS } from './credential-flags.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { githubIdToken } from './github-oidc.js';
import { requestTimeoutMs } from './kube-flags.js';
import { cliWording, inCliWords } from './option-wording.js';
import { dropTrailingNewline } from './password-source.js';
import { readInputFile } from './read-input-file.js';
import { UsageError } from './usage-error.js';

function cliWorded<T>(call: () => T, plugins: readonly ProviderPlugin[]): T {
  try {
    return call();
  } catch (error) {
    throw inCliWords(error, cliWording(plugins));
  }
}

/** The credentials for a Secret, and the provider that made them (the `pull-secret.dev/provider` annotation). */
export interface ProvidedCredentials {
  credentials: RegistryCredential[];
  provider: string;
}

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
    const choices = option.choices ? ` One of ${option.choices.join(', ')}.` : '';
    specs[flagOf(option)] = {
      type: 'string',
      value: option.secret ? 'FILE' : 'VALUE',
      description: `[${owners.join(', ')}] ${option.description}${choices}${option.secret ? ' Read from FILE (- for standard input).' : ''}${also}`,
    };
  }
  return specs;
}

/** The flags of the installed providers, made once for every command that takes them. */
export const PROVIDER_FLAGS: FlagSpecs = providerFlagSpecs(PROVIDER_PLUGINS);

/**
 * The credentials the flags ask for: a static login (`--username`, `--from-docker-config`), or a
 * provider plugin's, chosen by `--provider` or detected from each `--registry` host.
 */
export async function readProvidedCredentials(
  values: ParsedFlags['values'],
  io: CliIo,
  plugins: readonly ProviderPlugin[],
): Promise<ProvidedCredentials> {
  const choice = (values.provider as string | undefined) ?? 'auto';
  const isStatic =
    choice === 'static' ||
    (choice === 'auto' && (values.username !== undefined || values['from-docker-config'] !== undefined));
  const servers = (values.server as string[] | undefined) ?? [];
  for (const server of servers) validateRegistry(server);
  const groups =
    isStatic || (choice === 'auto' && servers.length === 0)
      ? []
      : cliWorded(() => assignProviders(plugins, choice, servers), plugins);
  checkNoStrayOptions(
    values,
    plugins,
    groups.map(({ plugin }) => plugin),
  );
  if (groups.length === 0) {
    return { credentials: await readCredentialFlags(values, io), provider: 'static' };
  }
  const staticFlag = [...STATIC_LOGIN_FLAGS, 'from-docker-config'].find((flag) => values[flag] !== undefined);
  if (staticFlag !== undefined) {
    throw new UsageError(
      `--${staticFlag} is for a static login, but the ${groups[0]!.plugin.name} provider makes this one.`,
      'Drop it, or add --provider static to use --username and the password as given.',
    );
  }
  const timeoutMs = requestTimeoutMs(values);
  const idToken = githubIdToken(io, timeoutMs);
  const credentials: RegistryCredential[] = [];
  for (const { plugin, registries } of groups) {
    const given = await pluginOptions(plugin, values, io);
    const options = cliWorded(() => resolveProviderOptions(plugin, given, io.env), plugins);
    // Secret options, from a file or from the environment, are hidden on stderr.
    for (const option of plugin.options) {
      const value = options[option.name];
      if (option.secret && value !== undefined) io.rememberSecrets?.(secretLines(value));
    }
    const provider = plugin.create({
      registries,
      options,
      env: io.env,
      timeoutMs,
      warn: (message) => io.stderr(`warning: ${message}\n`),
      ...(idToken ? { idToken } : {}),
    });
    const made = await provider();
    io.rememberSecrets?.(made.flatMap(secretForms));
    credentials.push(...made);
  }
  return { credentials, provider: groups.map(({ plugin }) => plugin.name).join(',') };
}

/** The plugin's option values given as flags; a secret one read from its `--NAME-file`. */
async function pluginOptions(
  plugin: ProviderPlugin,
  values: ParsedFlags['values'],
  io: CliIo,
): Promise<Record<string, string | undefined>> {
  const options: Record<string, string | undefined> = {};
  for (const option of plugin.options) {
    const given = values[flagOf(option)] as string | undefined;
    if (given === undefined) continue;
    options[option.name] = option.secret
      ? dropTrailingNewline(await readInputFile(io, given, `--${flagOf(option)}`))
      : given;
  }
  return options;
}

/** A flag of a provider that is not in use is a mistake worth stopping for (e.g. --aws-region with gcr.io). */
function checkNoStrayOptions(
  values: ParsedFlags['values'],
  plugins: readonly ProviderPlugin[],
  used: readonly ProviderPlugin[],
): void {
  // Plugins of one family may share an option (ecr and ecr-public both take --aws-region).
  const usedOptions = new Set(used.flatMap((plugin) => plugin.options.map((option) => option.name)));
  for (const plugin of plugins) {
    for (const option of plugin.options) {
      const flag = flagOf(option);
      if (values[flag] !== undefined && !usedOptions.has(option.name)) {
        throw new UsageError(
          `--${flag} belongs to the ${plugin.name} provider, which is not in use here.`,
          `Use --provider ${plugin.name} with a registry it serves, or drop --${flag}.`,
        );
      }
    }
  }
}
