import type { RegistryCredential } from './credential.js';
import { normalizeRegistryKey } from './registry-key.js';

/**
 * `existing` with `incoming` laid over it. An incoming credential replaces every existing entry for the
 * same registry (compared with `normalizeRegistryKey`, so `docker.io` replaces
 * `https://index.docker.io/v1/`) and takes its key; every other existing entry is kept, in its order.
 */
export function mergeDockerConfig(
  existing: readonly RegistryCredential[],
  incoming: readonly RegistryCredential[],
): RegistryCredential[] {
  const replaced = new Set(incoming.map((credential) => normalizeRegistryKey(credential.registry)));
  const kept = existing.filter((credential) => !replaced.has(normalizeRegistryKey(credential.registry)));
  return [...kept, ...incoming];
}
