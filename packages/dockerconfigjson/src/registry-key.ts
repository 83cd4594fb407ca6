/** The `auths` key kubectl and the Docker CLI use for Docker Hub. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);

/**
 * The registry a key names, for telling whether two keys mean the same registry: the scheme, a leading
 * `/v1/` or `/v2/` path and trailing slashes are dropped, and Docker Hub's `index.docker.io` becomes
 * `docker.io`. Nothing else: kubelet treats `GHCR.IO` and `ghcr.io:443` as other registries than
 * `ghcr.io` (it compares hosts as written, ports included), so merging must not fold them together.
 */
export function normalizeRegistryKey(key: string): string {
  // ASCII whitespace only, as a pasted key carries: Unicode separators are part of a key to kubelet.
  const rest = key.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '').replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = rest.indexOf('/');
  let host = slash === -1 ? rest : rest.slice(0, slash);
  let path = slash === -1 ? '' : rest.slice(slash);
  if (/^\/v[12](\/|$)/.test(path)) path = path.slice(3);
  path = path.replace(/\/+$/, '');
  if (DOCKER_HUB_ALIASES.has(host)) host = 'docker.io';
  return host + path;
}

/** Whether a registry key names Docker Hub. */
export function isDockerHubKey(key: string): boolean {
  return normalizeRegistryKey(key).split('/')[0] === 'docker.io';
}

/**
 * A registry key as it may be shown: user info (`https://user:token@host`, a mistake that carries a
 * secret) replaced by `***`. Every message, diff line or annotation that names a key uses this.
 */
export function displayRegistryKey(key: string): string {
  return key.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1***@');
}
