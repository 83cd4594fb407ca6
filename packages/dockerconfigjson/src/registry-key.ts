/** The `auths` key kubectl and the Docker CLI use for Docker Hub. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

const DOCKER_HUB_ALIASES = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/**
 * The registry a key names, for telling whether two keys mean the same registry: scheme, a leading
 * `/v1/` or `/v2/` path, trailing slashes and host case are dropped, and Docker Hub's aliases all
 * become `docker.io`. `https://index.docker.io/v1/`, `index.docker.io` and `docker.io` are equal.
 */
export function normalizeRegistryKey(key: string): string {
  let rest = key.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = rest.indexOf('/');
  let host = slash === -1 ? rest : rest.slice(0, slash);
  let path = slash === -1 ? '' : rest.slice(slash);
  if (/^\/v[12](\/|$)/.test(path)) path = path.slice(3);
  path = path.replace(/\/+$/, '');
  host = host.toLowerCase();
  if (host.endsWith(':443') && !/^http:\/\//i.test(key.trim())) host = host.slice(0, -4);
  if (DOCKER_HUB_ALIASES.has(host)) host = 'docker.io';
  rest = host + path;
  return rest;
}

/** Whether a registry key names Docker Hub. */
export function isDockerHubKey(key: string): boolean {
  return normalizeRegistryKey(key).split('/')[0] === 'docker.io';
}
