import { type RegistryCredential, registryHost } from '@pull-secret/dockerconfigjson';

/**
 * Each credential's CDI Secret name. CDI reads one registry's login from a Secret, so one login gets
 * `name` itself and several get `name-HOST` each (`regcred-cdi-quay-io`), a number added on a clash.
 */
export function cdiSecretNames(
  credentials: readonly RegistryCredential[],
  name: string,
): Map<RegistryCredential, string> {
  const names = new Map<RegistryCredential, string>();
  for (const credential of credentials) {
    if (credentials.length === 1) {
      names.set(credential, name);
      continue;
    }
    const host = registryHost(credential.registry)
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    const base = `${name}-${host}`.slice(0, 253).replace(/-+$/, '');
    let candidate = base;
    for (let n = 2; [...names.values()].includes(candidate); n++) candidate = `${base.slice(0, 248)}-${n}`;
    names.set(credential, candidate);
  }
  return names;
}
