import {
  assignProviders,
  DOCKER_HUB_KEY,
  InvalidInputError,
  importDockerCliConfig,
  type ProviderAssignment,
  type ProviderPlugin,
  type RegistryCredential,
  resolveProviderOptions,
  validateRegistry,
} from '@pull-secret/dockerconfigjson';
import { type ActionInputs, type InputReader, isInlineDockerConfig } from './read-inputs.js';

export interface CredentialDeps {
  env: Readonly<Record<string, string | undefined>>;
  readFile(path: string): Promise<string>;
  /** Masks a secret value before anything can log it. */
  mask(value: string): void;
  warn(message: string): void;
  /** GitHub's OIDC token for an audience, when the job has `id-token: write`. */
  idToken?: (audience: string) => Promise<string>;
}

export interface ActionCredentials {
  credentials: RegistryCredential[];
  /** For the `pull-secret.dev/provider` annotation. */
  provider: string;
}

/**
 * The logins for the Secret: from docker-config, from username/password (static), or from the
 * provider plugins, by name or detected from each registry host. Provider inputs that are secrets are
 * masked as soon as they are read.
 */
export async function readActionCredentials(
  inputs: ActionInputs,
  input: InputReader,
  plugins: readonly ProviderPlugin[],
  deps: CredentialDeps,
): Promise<ActionCredentials> {
  for (const registry of inputs.registries) validateRegistry(registry);
  const fromConfig = inputs.dockerConfig !== undefined;
  if (fromConfig && inputs.provider !== 'auto' && inputs.provider !== 'static') {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input docker-config cannot be combined with provider: ${inputs.provider}.`,
      {
        hint: 'Either take every login from the Docker config, or name a provider and a registry it serves.',
      },
    );
  }
  const isStatic =
    fromConfig ||
    inputs.provider === 'static' ||
    (inputs.provider === 'auto' && (inputs.username !== undefined || inputs.password !== undefined));
  const assigned =
    isStatic || (inputs.provider === 'auto' && inputs.registries.length === 0)
      ? []
      : assignProviders(plugins, inputs.provider, inputs.registries);
  // Every provider input is read (and a secret one masked) before anything else can fail or log.
  const given = providerInputs(input, plugins, assigned, deps);
  if (fromConfig) return fromDockerConfig(inputs, deps);
  if (assigned.length === 0) return { credentials: fromStatic(inputs), provider: 'static' };
  const staticInput = (['username', 'password', 'email'] as const).find((name) => inputs[name] !== undefined);
  if (staticInput !== undefined) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input ${staticInput} is for a static login, but the ${assigned[0]!.plugin.name} provider makes this one.`,
      { hint: 'Remove it, or set "provider: static" to use username and password as given.' },
    );
  }

  const credentials: RegistryCredential[] = [];
  for (const { plugin, registries } of assigned) {
    const options = resolveProviderOptions(plugin, given.get(plugin) ?? {}, deps.env);
    // Secret options that came from the environment are masked too.
    for (const option of plugin.options) {
      const value = options[option.name];
      if (option.secret && value !== undefined) deps.mask(value);
    }
    const provider = plugin.create({
      registries,
      options,
      env: deps.env,
      timeoutMs: inputs.requestTimeoutMs,
      warn: deps.warn,
      ...(deps.idToken ? { idToken: deps.idToken } : {}),
    });
    credentials.push(...(await provider()));
  }
  return { credentials, provider: assigned.map(({ plugin }) => plugin.name).join(',') };
}

/** Each plugin's inputs that are set, secret ones masked; an input of a provider not in use is an error. */
function providerInputs(
  input: InputReader,
  plugins: readonly ProviderPlugin[],
  assigned: readonly ProviderAssignment[],
  deps: CredentialDeps,
): Map<ProviderPlugin, Record<string, string | undefined>> {
  // Plugins of one family may share an input (ecr and ecr-public both take aws-region).
  const usedOptions = new Set(assigned.flatMap(({ plugin }) => plugin.options.map((option) => option.name)));
  const given = new Map<ProviderPlugin, Record<string, string | undefined>>();
  for (const plugin of plugins) {
    const values: Record<string, string | undefined> = {};
    for (const option of plugin.options) {
      const value = input(option.name);
      if (!value) continue;
      if (option.secret) deps.mask(value);
      values[option.name] = value;
    }
    given.set(plugin, values);
  }
  for (const plugin of plugins) {
    const stray = Object.keys(given.get(plugin)!).find((name) => !usedOptions.has(name));
    if (stray !== undefined) {
      throw new InvalidInputError(
        'INPUT_INVALID',
        `The input ${stray} belongs to the ${plugin.name} provider, which is not in use here.`,
        { hint: `Set "provider: ${plugin.name}" with a registry it serves, or remove ${stray}.` },
      );
    }
  }
  return given;
}

function fromStatic(inputs: ActionInputs): RegistryCredential[] {
  if (!inputs.username || !inputs.password) {
    const missing = inputs.username ? 'password' : 'username';
    throw new InvalidInputError('INPUT_REQUIRED', `A static login needs the input ${missing}.`, {
      hint:
        inputs.registries.length === 0
          ? 'Set username and password (for ghcr.io: the workflow token), or a registry a provider serves.'
          : 'Set username and password, or provider: NAME for a registry a provider serves.',
    });
  }
  if (inputs.username.includes(':')) {
    throw new InvalidInputError(
      'USERNAME_HAS_COLON',
      'The username contains ":", so kubelet would read part of it as the password.',
      {
        hint: 'kubelet splits "username:password" at the first colon: use a username without ":".',
      },
    );
  }
  const { username, password, email } = inputs;
  const registries = inputs.registries.length > 0 ? inputs.registries : [DOCKER_HUB_KEY];
  return registries.map((registry) => ({ registry, username, password, ...(email ? { email } : {}) }));
}

async function fromDockerConfig(inputs: ActionInputs, deps: CredentialDeps): Promise<ActionCredentials> {
  const mixed = (['username', 'password', 'email', 'registry'] as const).find((name) =>
    name === 'registry' ? inputs.registries.length > 0 : inputs[name] !== undefined,
  );
  if (mixed) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `The input docker-config cannot be combined with ${mixed}.`,
      {
        hint: 'Either take every login from the Docker config, or give registry, username and password.',
      },
    );
  }
  const value = inputs.dockerConfig!;
  const text = isInlineDockerConfig(value) ? value : await readConfigFile(value, deps);
  const credentials = importDockerCliConfig(text, {
    onHelperOnly: (registry, helper) =>
      deps.warn(
        `${registry} is left out: only the credential helper "${helper}" has its login, and kubelet cannot run helpers.`,
      ),
  });
  return { credentials, provider: 'static' };
}

async function readConfigFile(path: string, deps: CredentialDeps): Promise<string> {
  try {
    return await deps.readFile(path);
  } catch (error) {
    throw new InvalidInputError(
      'INPUT_INVALID',
      `Could not read the docker-config file "${path}" (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      {
        hint: 'Give the path of a Docker config.json, or its JSON content.',
      },
    );
  }
}
