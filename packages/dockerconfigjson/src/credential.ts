/** One registry login, as it will appear under `auths` in a `.dockerconfigjson`. */
export interface RegistryCredential {
  /** The `auths` key: `host[:port][/path]`, or `https://index.docker.io/v1/` for Docker Hub. */
  registry: string;
  username: string;
  password: string;
  email?: string;
  /** Absent: the credential does not expire. */
  expiresAt?: Date;
  /** When the login was asked for, where known (the provider resolver stamps it): recorded with `expiresAt`. */
  issuedAt?: Date;
}

export interface CredentialProviderOptions {
  /** Cancels every network call the provider is making; combinators pass it through. */
  signal?: AbortSignal;
}

/**
 * How a registry's login was made, without any secret: the provider and its non-secret option values.
 * Enough for a later run (refresh, a CronJob) to make the same login again from the identity it has.
 * Kept per registry key in the Secret's `pull-secret.dev/credentials` annotation.
 */
export interface CredentialRecipe {
  /** `static`, or a provider plugin's name (`ecr`, `gcr`, ...). */
  provider: string;
  /** The provider's non-secret option values by option name; secret options are never recorded. */
  options?: Readonly<Record<string, string>>;
}

/** A source of registry credentials: a cloud identity in, credentials out. */
export type CredentialProvider = (opts?: CredentialProviderOptions) => Promise<RegistryCredential[]>;

/** The earliest `expiresAt` of a set of credentials, or undefined when none expires. */
export function earliestExpiry(credentials: readonly RegistryCredential[]): Date | undefined {
  let earliest: Date | undefined;
  for (const { expiresAt } of credentials) {
    if (expiresAt && (!earliest || expiresAt.getTime() < earliest.getTime())) earliest = expiresAt;
  }
  return earliest;
}

/** A copy a caller may change freely: `expiresAt` is a mutable `Date`, so it is copied too. */
export function copyCredential(credential: RegistryCredential): RegistryCredential {
  const copy = { ...credential };
  if (credential.expiresAt) copy.expiresAt = new Date(credential.expiresAt.getTime());
  if (credential.issuedAt) copy.issuedAt = new Date(credential.issuedAt.getTime());
  return copy;
}
