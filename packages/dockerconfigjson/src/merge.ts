import type { RegistryCredential } from './credential.js';
import { DOCKER_HUB_KEY, normalizeRegistryKey } from './registry-key.js';

/**
 * `existing` with `incoming` laid over it. An incoming credential replaces every existing entry for the
 * same registry (compared with `normalizeRegistryKey`, so `docker.io` replaces
 * `https://index.docker.io/v1/`) and takes its key; every other existing entry is kept, in its order.
 */
export function mergeDockerConfig(
  existing: readonly RegistryCredential[],
  incoming: readonly RegistryCredential[],
): RegistryCredential[] {
  // An empty registry is Docker Hub, as encodeDockerConfigJson writes it.
  const registryOf = (credential: RegistryCredential) =>
    normalizeRegistryKey(credential.registry || DOCKER_HUB_KEY);
  const replaced = new Set(incoming.map(registryOf));
  const kept = existing.filter((credential) => !replaced.has(registryOf(credential)));
  return [...kept, ...incoming];
}
