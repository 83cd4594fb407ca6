import { InvalidInputError, type ProviderPlugin, uniqueProviderOptions } from '@pull-secret/dockerconfigjson';
import { planCredentials, type ResolvedCredentials } from '@pull-secret/plugins';
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

/**
 * The logins for the Secret, through the resolver the CLI shares: from docker-config, from
 * username/password (static), or from the provider plugins, by name or detected from each registry
 * host. Secret provider inputs are masked as soon as they are read, every other secret as soon as the
 * resolver knows it, and nothing is called before every input has been checked.
 */
export async function readActionCredentials(
  inputs: ActionInputs,
  input: InputReader,
  plugins: readonly ProviderPlugin[],
  deps: CredentialDeps,
): Promise<ResolvedCredentials> {
  const options: Record<string, string> = {};
  for (const { option } of uniqueProviderOptions(plugins)) {
    const value = input(option.name);
    if (!value) continue;
    if (option.secret) deps.mask(value);
    options[option.name] = value;
  }
  const config = inputs.dockerConfig;
  const plan = await planCredentials({
    plugins,
    provider: inputs.provider,
    registries: inputs.registries,
    options,
    login: { username: inputs.username, password: inputs.password, email: inputs.email },
    ...(config === undefined
      ? {}
      : { dockerConfig: isInlineDockerConfig(config) ? config : () => readConfigFile(config, deps) }),
    env: deps.env,
    ...(deps.idToken ? { idToken: deps.idToken } : {}),
    timeoutMs: inputs.requestTimeoutMs,
  });
  for (const secret of plan.secrets) deps.mask(secret);
  for (const warning of plan.warnings) deps.warn(warning);
  const resolved = await plan.resolve({ warn: deps.warn });
  for (const secret of resolved.secrets) deps.mask(secret);
  return resolved;
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
