import {
  detectProvider,
  type ProviderPlugin,
  type RegistryCredential,
  resolveProviderOptions,
  secretForms,
} from '@pull-secret/dockerconfigjson';
import type { CliIo } from './cli-io.js';
import { readCredentialFlags } from './credential-flags.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { readInputFile } from './read-input-file.js';
import { validateServer } from './server-flag.js';
import { UsageError } from './usage-error.js';

/** The credentials for a Secret, and the provider that made them (the `pull-secret.dev/provider` annotation). */
export interface ProvidedCredentials {
  credentials: RegistryCredential[];
  provider: string;
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
  for (const plugin of plugins) {
    for (const option of plugin.options) {
      const also = option.env?.length ? ` Also: ${option.env.join(', ')}.` : '';
      const choices = option.choices ? ` One of ${option.choices.join(', ')}.` : '';
      specs[option.secret ? `${option.name}-file` : option.name] = {
        type: 'string',
        value: option.secret ? 'FILE' : 'VALUE',
        description: `[${plugin.name}] ${option.description}${choices}${option.secret ? ' Read from FILE (- for standard input).' : ''}${also}`,
      };
    }
  }
  return specs;
}

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
  const groups = isStatic ? [] : pluginsFor(choice, (values.server as string[] | undefined) ?? [], plugins);
  checkNoStrayOptions(
    values,
    plugins,
    groups.map(([plugin]) => plugin),
  );
  if (isStatic || groups.length === 0) {
    return { credentials: await readCredentialFlags(values, io), provider: 'static' };
  }
  const credentials: RegistryCredential[] = [];
  for (const [plugin, registries] of groups) {
    const options = resolveProviderOptions(plugin, await pluginOptions(plugin, values, io), io.env);
    // Secret options may have come from the environment rather than a file: hide those too.
    for (const option of plugin.options) {
      const value = options[option.name];
      if (option.secret && value !== undefined) io.rememberSecrets?.(multiLineSecretForms(value));
    }
    const provider = plugin.create({
      registries,
      options,
      env: io.env,
      warn: (message) => io.stderr(`warning: ${message}\n`),
    });
    const made = await provider();
    io.rememberSecrets?.(made.flatMap(secretForms));
    credentials.push(...made);
  }
  return { credentials, provider: groups.map(([plugin]) => plugin.name).join(',') };
}

/** Registries grouped by the plugin that serves them, in the order given. */
function pluginsFor(
  choice: string,
  servers: readonly string[],
  plugins: readonly ProviderPlugin[],
): [ProviderPlugin, string[]][] {
  for (const server of servers) validateServer(server);
  if (choice !== 'auto') {
    const plugin = plugins.find((candidate) => candidate.name === choice);
    if (!plugin) {
      throw new UsageError(
        `Unknown provider "${choice}".`,
        `Providers: ${['auto', 'static', ...plugins.map((p) => p.name)].join(', ')}.`,
      );
    }
    return [[plugin, [...servers]]];
  }
  if (servers.length === 0) return [];
  const groups = new Map<ProviderPlugin, string[]>();
  for (const server of servers) {
    const plugin = detectProvider(plugins, hostOf(server));
    if (!plugin) {
      throw new UsageError(
        `No provider serves ${server}, and no --username was given.`,
        `For a plain login pass --username and --password-stdin; or name one with --provider (${plugins.map((p) => p.name).join(', ') || 'none installed'}).`,
      );
    }
    groups.set(plugin, [...(groups.get(plugin) ?? []), server]);
  }
  return [...groups];
}

async function pluginOptions(
  plugin: ProviderPlugin,
  values: ParsedFlags['values'],
  io: CliIo,
): Promise<Record<string, string | undefined>> {
  const options: Record<string, string | undefined> = {};
  for (const option of plugin.options) {
    if (!option.secret) {
      options[option.name] = values[option.name] as string | undefined;
      continue;
    }
    const file = values[`${option.name}-file`] as string | undefined;
    if (file === undefined) continue;
    const secret = (await readInputFile(io, file, `--${option.name}-file`)).replace(/\r?\n$/, '');
    io.rememberSecrets?.(multiLineSecretForms(secret));
    options[option.name] = secret;
  }
  return options;
}

/** A secret and each long line of it (a key JSON is multi-line; any one line of it may be printed). */
function multiLineSecretForms(secret: string): string[] {
  return [secret, ...secret.split(/\r?\n/).filter((line) => line.trim().length > 8)];
}

/** A flag of a provider that is not in use is a mistake worth stopping for (e.g. --aws-region with gcr.io). */
function checkNoStrayOptions(
  values: ParsedFlags['values'],
  plugins: readonly ProviderPlugin[],
  used: readonly ProviderPlugin[],
): void {
  for (const plugin of plugins) {
    if (used.includes(plugin)) continue;
    for (const option of plugin.options) {
      const flag = option.secret ? `${option.name}-file` : option.name;
      if (values[flag] !== undefined) {
        throw new UsageError(
          `--${flag} belongs to the ${plugin.name} provider, which is not in use here.`,
          `Use --provider ${plugin.name} with a registry it serves, or drop --${flag}.`,
        );
      }
    }
  }
}

/** The host part of a --registry value: scheme and path dropped. */
function hostOf(server: string): string {
  return server
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split('/')[0]!
    .toLowerCase();
}
