import { showUntrusted } from './show-untrusted.js';

/** The `auths` key kubectl and the Docker CLI use for Docker Hub. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);

/** A registry string's parts, as written: the one parser of registry keys, hosts and URLs. */
export interface RegistryKeyParts {
  /** `https`, `http`, ... in lower case, when the key has a scheme. */
  scheme: string | undefined;
  /** `host[:port]` as written (case and port kept), user info included if the key has any. */
  host: string;
  /** Everything from the first `/` after the host, or ''. */
  path: string;
}

/**
 * Splits a registry key (`ghcr.io`, `host:5000/team`, `https://index.docker.io/v1/`) into scheme, host
 * and path, ASCII whitespace around it dropped (as a pasted key carries; Unicode separators are part of
 * a key to kubelet). Nothing is checked or normalised: see `validateRegistry`, `normalizeRegistryKey`.
 */
export function parseRegistryKey(key: string): RegistryKeyParts {
  const trimmed = key.replace(/^[ \t\r\n\f\v]+|[ \t\r\n\f\v]+$/g, '');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed);
  const rest = scheme ? trimmed.slice(scheme[0].length) : trimmed;
  const slash = rest.indexOf('/');
  return {
    scheme: scheme?.[1]?.toLowerCase(),
    host: slash === -1 ? rest : rest.slice(0, slash),
    path: slash === -1 ? '' : rest.slice(slash),
  };
}

/** The host of a registry as written in `auths` or on a command line: scheme and path dropped, lower case. */
export function registryHost(registry: string): string {
  return parseRegistryKey(registry).host.toLowerCase();
}

/**
 * The registry a key names, for telling whether two keys mean the same registry: the scheme, a leading
 * `/v1/` or `/v2/` path and trailing slashes are dropped, and Docker Hub's `index.docker.io` becomes
 * `docker.io`. Nothing else: kubelet treats `GHCR.IO` and `ghcr.io:443` as other registries than
 * `ghcr.io` (it compares hosts as written, ports included), so merging must not fold them together.
 */
export function normalizeRegistryKey(key: string): string {
  let { host, path } = parseRegistryKey(key);
  if (/^\/v[12](\/|$)/.test(path)) path = path.slice(3);
  path = path.replace(/\/+$/, '');
  if (DOCKER_HUB_ALIASES.has(host)) host = 'docker.io';
  return host + path;
}

/** Whether a registry key names Docker Hub. */
export function isDockerHubKey(key: string): boolean {
  return DOCKER_HUB_ALIASES.has(parseRegistryKey(key).host);
}

/**
 * A registry key as it may be shown: user info (`https://user:token@host`, a mistake that carries a
 * secret) replaced by `***`, and control characters escaped (a key comes from a file). Every message,
 * diff line, table, output or annotation that names a key uses this.
 */
export function displayRegistryKey(key: string): string {
  // Up to the last `@`: a token in the user info may itself hold `/` (base64 does).
  return showUntrusted(key.includes('@') ? key.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/is, '$1***@') : key);
}
