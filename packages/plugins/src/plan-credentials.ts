import {
  assignProviders,
  type CredentialRecipe,
  DOCKER_HUB_KEY,
  displayRegistryKey,
  dockerConfigSecretForms,
  InvalidInputError,
  importDockerCliConfig,
  type ProviderAssignment,
  type ProviderPlugin,
  type RegistryCredential,
  resolveProviderOptions,
  secretForms,
  secretLines,
  showUntrusted,
  validateRegistry,
} from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from './plugins.js';

/** A plain login, as the user gave it: any part may be missing, and is checked here. */
export interface StaticLogin {
  username?: string | undefined;
  password?: string | undefined;
  email?: string | undefined;
}

/** Everything a front end knows about the logins wanted, before anything is checked or fetched. */
export interface CredentialRequest {
  /** `auto` (the default), `static`, or a plugin's name. */
  provider?: string | undefined;
  /** The registries asked for, as the user wrote them. */
  registries?: readonly string[];
  /** Provider option values given, by option name; secret ones already read from wherever they came. */
  options?: Readonly<Record<string, string | undefined>>;
  /** A plain login (`registry` + `username` + `password`). */
  login?: StaticLogin;
  /**
   * A Docker CLI `config.json`, whose logins are taken as they are: its text, or a function that reads
   * it, called only once every other check has passed.
   */
  dockerConfig?: string | (() => Promise<string>) | undefined;
  /** Where option values fall back to, and the providers' SDKs read their own variables. */
  env?: Readonly<Record<string, string | undefined>>;
  /** A GitHub OIDC token for an audience, where the caller can mint one. */
  idToken?: (audience: string) => Promise<string>;
  /** Time limit for each network call a provider makes, in ms; 0 means none. */
  timeoutMs?: number;
  /** The plugins to choose from; default every installed one. */
  plugins?: readonly ProviderPlugin[];
}

/** The logins, ready for a Secret. */
export interface ResolvedCredentials {
  credentials: RegistryCredential[];
  /** How each registry's login was made (by `credential.registry`), without a secret: the Secret records it. */
  recipes: Record<string, CredentialRecipe>;
  /** Every secret and every form of it (passwords, tokens, base64 of `user:pass`, of the whole config). */
  secrets: string[];
  /** The providers that made them, joined with commas: `static`, `ecr`, `ecr,gcr`. */
  provider: string;
}

/** A request that passed every check; nothing has touched the network yet. */
export interface CredentialPlan {
  /** `static`, or the plugins that will be called, in order. */
  providers: string[];
  /** The secrets known already (the password, secret options, a config's logins): hide them before any output. */
  secrets: string[];
  /** Remarks found while checking, to show once the secrets are hidden. */
  warnings: string[];
  /** Calls the providers (nothing to call for a static login or a Docker config). */
  resolve(options?: {
    signal?: AbortSignal;
    /** Non-fatal remarks from providers while they work. */
    warn?: (message: string) => void;
  }): Promise<ResolvedCredentials>;
}

const STATIC_FIELDS = ['username', 'password', 'email'] as const;

/**
 * Checks a request whole (provider choice, registries, option values, the static login, the Docker
 * config) without any network call, and says what is to be hidden; `resolve` then makes the logins.
 * The CLI, the Action and every command that makes a login go through here, so they accept and refuse
 * the same things. Errors are `InvalidInputError`s naming options as `{{option}}`.
 */
export async function planCredentials(request: CredentialRequest): Promise<CredentialPlan> {
  const plugins = request.plugins ?? PROVIDER_PLUGINS;
  const env = request.env ?? {};
  const choice = request.provider || 'auto';
  const registries = [...(request.registries ?? [])];
  const login = request.login ?? {};
  const given = (field: (typeof STATIC_FIELDS)[number]) => login[field] !== undefined;
  const fromConfig = request.dockerConfig !== undefined;
  const known = ['auto', 'static', ...plugins.map((plugin) => plugin.name)];
  if (!known.includes(choice)) {
    throw new InvalidInputError('UNKNOWN_PROVIDER', `Unknown provider "${choice}".`, {
      hint: `Providers: ${known.join(', ')}.`,
      fields: { option: 'provider' },
    });
  }
  for (const registry of registries) validateRegistry(registry);

  // A username (or a Docker config) asks for a static login; a password alone does not, so that a
  // provider's registry with a stray password is refused below rather than half a login made.
  const isStatic = choice === 'static' || (choice === 'auto' && (fromConfig || given('username')));
  const assigned =
    isStatic || (choice === 'auto' && registries.length === 0)
      ? []
      : assignProviders(plugins, choice, registries);
  const options = checkOptions(request.options ?? {}, plugins, assigned);
  const staticGiven = [...(fromConfig ? ['docker-config'] : []), ...STATIC_FIELDS.filter(given)];
  if (assigned.length > 0 && staticGiven.length > 0) {
    throw new InvalidInputError(
      'STATIC_LOGIN_WITH_PROVIDER',
      `{{${staticGiven[0]}}} is for a static login, but the ${assigned[0]!.plugin.name} provider makes this one.`,
      {
        hint: 'Remove it, or choose {{provider}} static to use the login as given.',
        fields: { option: staticGiven[0]! },
      },
    );
  }
  if (fromConfig) {
    checkConfigAlone(registries, login);
    const config = request.dockerConfig!;
    return configPlan(typeof config === 'string' ? config : await config());
  }
  if (assigned.length === 0) return staticPlan(registries, login);
  return providerPlan(assigned, options, env, request);
}

/** Each plugin's given options; an option of a provider that is not in use is a mistake worth stopping for. */
function checkOptions(
  given: Readonly<Record<string, string | undefined>>,
  plugins: readonly ProviderPlugin[],
  assigned: readonly ProviderAssignment[],
): Record<string, string> {
  // Plugins of one family share options (ecr and ecr-public both take aws-region).
  const used = new Set(assigned.flatMap(({ plugin }) => plugin.options.map((option) => option.name)));
  const set: Record<string, string> = {};
  for (const [name, value] of Object.entries(given)) {
    if (value === undefined || value === '') continue;
    if (!used.has(name)) {
      const owner = plugins.find((plugin) => plugin.options.some((option) => option.name === name));
      throw new InvalidInputError(
        'PROVIDER_OPTION_UNUSED',
        owner
          ? `{{${name}}} belongs to the ${owner.name} provider, which is not in use here.`
          : `${name} is not an option of any provider.`,
        {
          hint: owner
            ? `Choose {{provider}} ${owner.name} with a registry it serves, or remove {{${name}}}.`
            : `Providers' options: ${plugins.flatMap((plugin) => plugin.options.map((option) => option.name)).join(', ')}.`,
          fields: { option: name },
        },
      );
    }
    set[name] = value;
  }
  return set;
}

function staticPlan(registries: readonly string[], login: StaticLogin): CredentialPlan {
  const username = login.username ?? '';
  const password = login.password ?? '';
  if (username === '') {
    throw new InvalidInputError('CREDENTIAL_EMPTY', 'The username is empty.', {
      hint:
        registries.length === 0
          ? 'A static login needs {{username}} and {{password}}; or name a {{registry}} a provider serves.'
          : 'A static login needs {{username}}; or choose {{provider}} for a registry a provider serves.',
      fields: { option: 'username' },
    });
  }
  checkUsername(username);
  if (password === '') {
    throw new InvalidInputError('CREDENTIAL_EMPTY', 'The password is empty.', {
      hint: 'A static login needs {{password}}.',
      fields: { option: 'password', secret: true },
    });
  }
  const email = login.email || undefined;
  const credentials = (registries.length > 0 ? registries : [DOCKER_HUB_KEY]).map((registry) => ({
    registry,
    username,
    password,
    ...(email ? { email } : {}),
  }));
  return fixedPlan(credentials, [], secretForms({ username, password }));
}

function checkConfigAlone(registries: readonly string[], login: StaticLogin): void {
  const mixed =
    registries.length > 0 ? 'registry' : STATIC_FIELDS.find((field) => login[field] !== undefined);
  if (mixed !== undefined) {
    throw new InvalidInputError(
      'DOCKER_CONFIG_COMBINED',
      `{{docker-config}} cannot be combined with {{${mixed}}}.`,
      {
        hint: 'Either take every login from the Docker config, or give {{registry}}, {{username}} and {{password}}.',
        fields: { option: 'docker-config', with: mixed },
      },
    );
  }
}

function configPlan(text: string): CredentialPlan {
  const warnings: string[] = [];
  const credentials = importDockerCliConfig(text, {
    onHelperOnly: (registry, helper) =>
      warnings.push(
        `${displayRegistryKey(registry)} is left out: only the credential helper "${showUntrusted(helper)}" has its login, and kubelet cannot run helpers.`,
      ),
  });
  // The same checks as a login given piece by piece.
  for (const credential of credentials) {
    validateRegistry(credential.registry);
    checkUsername(credential.username);
  }
  return fixedPlan(credentials, warnings, []);
}

/** kubelet splits `username:password` at the first colon: a colon in the username moves it into the password. */
function checkUsername(username: string): void {
  if (username.includes(':')) {
    throw new InvalidInputError(
      'USERNAME_HAS_COLON',
      'The username contains ":", so kubelet would read part of it as the password.',
      {
        hint: 'kubelet splits "username:password" at the first colon: use a username without ":".',
        fields: { option: 'username' },
      },
    );
  }
}

/** Logins known already: resolving them calls nothing. */
function fixedPlan(
  credentials: RegistryCredential[],
  warnings: string[],
  known: readonly string[],
): CredentialPlan {
  const secrets = [...known, ...dockerConfigSecretForms(credentials)];
  const recipes = Object.fromEntries(credentials.map((c) => [c.registry, { provider: 'static' }]));
  return {
    providers: ['static'],
    secrets,
    warnings,
    resolve: async (options) => {
      options?.signal?.throwIfAborted();
      return { credentials, recipes, secrets, provider: 'static' };
    },
  };
}

function providerPlan(
  assigned: readonly ProviderAssignment[],
  given: Readonly<Record<string, string>>,
  env: Readonly<Record<string, string | undefined>>,
  request: CredentialRequest,
): CredentialPlan {
  const secrets: string[] = [];
  // Remarks a provider makes while it is built go with the plan's warnings; those made while it works
  // go to whoever resolves.
  const warnings: string[] = [];
  let warnWhileResolving: ((message: string) => void) | undefined;
  const warn = (message: string) =>
    warnWhileResolving ? warnWhileResolving(message) : warnings.push(message);
  const steps = assigned.map(({ plugin, registries }) => {
    const mine = Object.fromEntries(
      plugin.options.filter((option) => given[option.name] !== undefined).map((o) => [o.name, given[o.name]]),
    );
    const options = resolveProviderOptions(plugin, mine, env);
    const recipeOptions: Record<string, string> = {};
    for (const option of plugin.options) {
      const value = options[option.name];
      if (value === undefined) continue;
      // Secret options, whether given or from the environment, are hidden and never recorded.
      if (option.secret) secrets.push(...secretLines(value));
      // A default is left to the later run's own default; a value given or found in the env is kept.
      else if (mine[option.name] !== undefined || value !== option.default)
        recipeOptions[option.name] = value;
    }
    const recipe: CredentialRecipe =
      Object.keys(recipeOptions).length > 0
        ? { provider: plugin.name, options: recipeOptions }
        : { provider: plugin.name };
    return { plugin, registries, options, recipe };
  });
  // Every provider is built before any is called: building checks a provider's own rules (ACR's token
  // mode needs a token name), so a mistake for the last registry never costs a login for the first.
  const built = steps.map(({ plugin, registries, options, recipe }) => ({
    recipe,
    provider: plugin.create({
      registries,
      options,
      env,
      warn,
      ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
      ...(request.idToken ? { idToken: request.idToken } : {}),
    }),
  }));
  const providers = steps.map(({ plugin }) => plugin.name);
  return {
    providers,
    secrets: [...secrets],
    warnings,
    async resolve(resolveOptions = {}) {
      const credentials: RegistryCredential[] = [];
      const recipes: Record<string, CredentialRecipe> = {};
      const found = [...secrets];
      warnWhileResolving = resolveOptions.warn ?? ((message) => warnings.push(message));
      for (const { provider, recipe } of built) {
        resolveOptions.signal?.throwIfAborted();
        // Taken before the call: the login is no older than this, so its lifetime is never under-estimated
        // and a later refresh can act at a share of it.
        const asked = new Date();
        const made = (await provider(resolveOptions.signal ? { signal: resolveOptions.signal } : {})).map(
          // A copy: a memoized provider hands out the same objects again.
          (credential) =>
            credential.expiresAt && !credential.issuedAt ? { ...credential, issuedAt: asked } : credential,
        );
        for (const credential of made) {
          found.push(...secretForms(credential));
          recipes[credential.registry] = recipe;
        }
        credentials.push(...made);
      }
      found.push(...dockerConfigSecretForms(credentials));
      return { credentials, recipes, secrets: found, provider: providers.join(',') };
    },
  };
}
