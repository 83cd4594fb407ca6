import type { CredentialProvider } from './credential.js';
import { InvalidInputError } from './errors.js';
import { registryHost } from './registry-key.js';

/**
 * One setting of a provider. The same declaration becomes a CLI flag (`--<name>`), an Action input
 * (`<name>`), a row in the provider's docs table, and, when `secret`, a value to mask.
 */
export interface ProviderOption {
  /** kebab-case and prefixed by the provider's family, e.g. `aws-region`, `gcp-key-file`, `acr-auth`. */
  name: string;
  description: string;
  /** Environment variables read, in order, when the option is not given. */
  env?: readonly string[];
  /** The value is a credential: never echoed, masked in the Action, not taken as a plain CLI flag. */
  secret?: boolean;
  required?: boolean;
  /** The only values allowed. */
  choices?: readonly string[];
  /** Used when neither the option nor its env variables are set. */
  default?: string;
  /**
   * A yes/no switch, with `choices` `true` and `false`: a bare CLI flag (`--NAME`, or `--NAME=false`);
   * the Action input and the env variables say `true` or `false`.
   */
  boolean?: boolean;
}

/** What the CLI or the Action hands a plugin to make its provider. */
export interface ProviderContext {
  /** The registries asked for (hosts as the user gave them); empty when the provider should find its own. */
  registries: readonly string[];
  /** Option values after env fallbacks and defaults, by option name; validated against `choices` and `required`. */
  options: Readonly<Record<string, string | undefined>>;
  /** The environment the options were read from (the provider's SDK reads its own variables too). */
  env: Readonly<Record<string, string | undefined>>;
  /**
   * An OpenID Connect ID token for `audience`, where the caller can mint one (the Action, inside GitHub
   * Actions with `id-token: write`). Providers use it for web identity federation.
   */
  idToken?: (audience: string) => Promise<string>;
  /**
   * Time limit for each network call the provider makes, in ms (connect and total); 0 means none.
   * Default 30 000. A call that runs out fails with an error naming the endpoint it waited for.
   */
  timeoutMs?: number;
  /** Non-fatal remarks for the user (e.g. "gcr.io is served by Artifact Registry"). */
  warn?: (message: string) => void;
}

/** A provider package's descriptor: how the CLI and the Action find, configure and call it. */
export interface ProviderPlugin {
  /** `--provider NAME` and the `pull-secret.dev/provider` annotation, e.g. `ecr`. */
  name: string;
  /** One line for help and docs. */
  description: string;
  /** True when this provider serves `host` (a registry host, maybe with port or path): auto-detection. */
  matches(host: string): boolean;
  options: readonly ProviderOption[];
  /**
   * What to check when a registry this provider serves refuses a login (verify says unauthorized or
   * denied): the provider's own traps, with options as `{{option}}`. Also shown for a static login to
   * a host the provider matches.
   */
  refusedHint?: string;
  /** Builds the provider. Must not load the cloud SDK: the returned function does that when called. */
  create(context: ProviderContext): CredentialProvider;
}

/**
 * The option values a plugin will see: each given value, else the first set env variable, else the
 * default; then `choices` and `required` are checked, with errors that name the option as
 * `{{option}}` (each front end words it: a flag, an input) and its env variables.
 */
export function resolveProviderOptions(
  plugin: ProviderPlugin,
  given: Readonly<Record<string, string | undefined>>,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const known = new Set(plugin.options.map((option) => option.name));
  for (const name of Object.keys(given)) {
    if (given[name] !== undefined && !known.has(name)) {
      throw new InvalidInputError(
        'UNKNOWN_PROVIDER_OPTION',
        `${name} is not an option of the ${plugin.name} provider.`,
        {
          hint: `The ${plugin.name} provider takes: ${[...known].map((option) => `{{${option}}}`).join(', ') || 'no options'}.`,
          fields: { option: name, provider: plugin.name },
        },
      );
    }
  }
  const resolved: Record<string, string | undefined> = {};
  for (const option of plugin.options) {
    let value = nonEmpty(given[option.name]);
    for (const variable of option.env ?? []) value ??= nonEmpty(env[variable]);
    value ??= option.default;
    if (value !== undefined && option.choices && !option.choices.includes(value)) {
      throw new InvalidInputError(
        'INVALID_PROVIDER_OPTION',
        option.secret
          ? `The value of {{${option.name}}} is not one of the allowed values.`
          : `{{${option.name}}} must be one of ${option.choices.join(', ')}, not "${value}".`,
        { hint: `Use one of: ${option.choices.join(', ')}.`, fields: { option: option.name } },
      );
    }
    if (value === undefined && option.required) {
      const sources = [`{{${option.name}}}`, ...(option.env ?? [])].join(' or ');
      throw new InvalidInputError(
        'MISSING_PROVIDER_OPTION',
        `The ${plugin.name} provider needs {{${option.name}}}.`,
        {
          hint: `Set ${sources}.`,
          fields: { option: option.name, provider: plugin.name },
        },
      );
    }
    resolved[option.name] = value;
  }
  return resolved;
}

/**
 * Every option of `plugins` once, with the names of the plugins that declare it: plugins of one family
 * share options (ecr and ecr-public both take aws-region), and become one CLI flag or Action input.
 */
export function uniqueProviderOptions(
  plugins: readonly ProviderPlugin[],
): { option: ProviderOption; plugins: string[] }[] {
  const byName = new Map<string, { option: ProviderOption; plugins: string[] }>();
  for (const plugin of plugins) {
    for (const option of plugin.options) {
      const entry = byName.get(option.name);
      if (entry) entry.plugins.push(plugin.name);
      else byName.set(option.name, { option, plugins: [plugin.name] });
    }
  }
  return [...byName.values()];
}

/** The plugin whose `matches` accepts `host`, or undefined; the first one wins. */
export function detectProvider(plugins: readonly ProviderPlugin[], host: string): ProviderPlugin | undefined {
  return plugins.find((plugin) => plugin.matches(registryHost(host)));
}

/** A plugin and the registries it is to serve. */
export interface ProviderAssignment {
  plugin: ProviderPlugin;
  registries: string[];
}

/**
 * Which plugin serves which registries. `choice` is a plugin name (it gets every registry), or `auto`:
 * each registry goes to the first plugin that matches its host, grouped in the order given. Throws
 * `InvalidInputError` for an unknown name or a host no plugin serves.
 */
export function assignProviders(
  plugins: readonly ProviderPlugin[],
  choice: string,
  registries: readonly string[],
): ProviderAssignment[] {
  const names = plugins.map((plugin) => plugin.name);
  if (choice !== 'auto') {
    const plugin = plugins.find((candidate) => candidate.name === choice);
    if (!plugin) {
      throw new InvalidInputError('UNKNOWN_PROVIDER', `Unknown provider "${choice}".`, {
        hint: `Providers: ${['auto', 'static', ...names].join(', ')}.`,
        fields: { option: 'provider' },
      });
    }
    return [{ plugin, registries: [...registries] }];
  }
  const groups = new Map<ProviderPlugin, string[]>();
  for (const registry of registries) {
    const plugin = detectProvider(plugins, registry);
    if (!plugin) {
      throw new InvalidInputError(
        'NO_PROVIDER_FOR_REGISTRY',
        `No provider serves ${registry}, and no username was given.`,
        {
          hint: `For a plain login give a username and a password ({{username}}, {{password}}); or name a provider with {{provider}} (${names.join(', ') || 'none installed'}).`,
        },
      );
    }
    groups.set(plugin, [...(groups.get(plugin) ?? []), registry]);
  }
  return [...groups].map(([plugin, assigned]) => ({ plugin, registries: assigned }));
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
