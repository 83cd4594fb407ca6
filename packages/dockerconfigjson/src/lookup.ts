import type { RegistryCredential } from './credential.js';
import { goGlobMatch } from './go-glob.js';
import { compareGoStrings } from './go-json.js';
import { parseImageReference } from './image-reference.js';

/** One pull secret (or config file) in the order the pod lists them. */
export interface CredentialSource {
  /** Where the credentials came from, e.g. `secret/regcred` or a file name; shown in results. */
  source: string;
  credentials: readonly RegistryCredential[];
}

export interface LookupMatch {
  source: string;
  /** The `auths` key as written in the source. */
  registry: string;
  /** The key as kubelet indexes it: scheme and a leading `/v1/` or `/v2/` dropped. */
  indexKey: string;
  username: string;
  password: string;
  email?: string;
}

export interface LookupResult {
  image: string;
  /** The repository kubelet looks up: `nginx` → `docker.io/library/nginx`. */
  normalizedImage: string;
  /** Every credential kubelet would try, in the order it tries them. */
  matches: LookupMatch[];
  /** True when the matches came from the Docker Hub fallback (`index.docker.io` credentials). */
  dockerHubFallback: boolean;
  /** Keys kubelet cannot parse and so ignores. */
  ignoredKeys: { source: string; registry: string }[];
  /** Why each key that did not match missed, for explaining a lookup that found nothing. */
  misses: { source: string; registry: string; reason: string }[];
}

const DOCKER_HUB_INDEX_KEY = 'index.docker.io';

/**
 * The credentials kubelet would try for `image`, in order, given the pod's pull secrets in pod order.
 * All sources go into one keyring, as in kubelet: keys are indexed without scheme or `/v1/`,`/v2/`
 * prefix, tried in reverse-sorted order, and every matching key contributes its credentials (for one
 * key, in pod order). When nothing matches a Docker Hub image, `index.docker.io` credentials are used.
 */
export function lookup(sources: readonly CredentialSource[], image: string): LookupResult {
  return { ...lookupRepository(sources, parseImageReference(image).repository), image };
}

/**
 * kubelet's keyring lookup for a repository string exactly as given, without normalising it first
 * (kubelet's `BasicDockerKeyring.Lookup`). Prefer `lookup`, which normalises an image as kubelet does.
 */
export function lookupRepository(sources: readonly CredentialSource[], repository: string): LookupResult {
  const normalizedImage = repository;
  const image = repository;
  const byKey = new Map<string, LookupMatch[]>();
  const ignoredKeys: LookupResult['ignoredKeys'] = [];
  for (const { source, credentials } of sources) {
    for (const credential of credentials) {
      const indexKey = kubeletIndexKey(credential.registry);
      if (indexKey === undefined) {
        ignoredKeys.push({ source, registry: credential.registry });
        continue;
      }
      const match: LookupMatch = {
        source,
        registry: credential.registry,
        indexKey,
        username: credential.username,
        password: credential.password,
      };
      if (credential.email) match.email = credential.email;
      const list = byKey.get(indexKey) ?? [];
      list.push(match);
      byKey.set(indexKey, list);
    }
  }
  const index = [...byKey.keys()].sort(compareGoStrings).reverse();
  const matches: LookupMatch[] = [];
  const misses: LookupResult['misses'] = [];
  for (const key of index) {
    const reason = mismatchReason(key, normalizedImage);
    if (reason === undefined) matches.push(...byKey.get(key)!);
    else misses.push(...byKey.get(key)!.map(({ source, registry }) => ({ source, registry, reason })));
  }
  const result = { image, normalizedImage, matches, dockerHubFallback: false, ignoredKeys, misses };
  if (matches.length > 0 || !isDefaultRegistryMatch(normalizedImage)) return result;
  const fallback = byKey.get(DOCKER_HUB_INDEX_KEY) ?? [];
  if (fallback.length === 0) return result;
  return {
    ...result,
    matches: fallback,
    dockerHubFallback: true,
    misses: misses.filter((miss) => !fallback.some((match) => match.registry === miss.registry)),
  };
}

/** How kubelet files an `auths` key in its keyring, or undefined when kubelet cannot parse it. */
export function kubeletIndexKey(registry: string): string | undefined {
  const withScheme =
    registry.startsWith('https://') || registry.startsWith('http://') ? registry : `https://${registry}`;
  const parsed = parseUrl(withScheme);
  if (!parsed) return undefined;
  let path = parsed.path;
  if (path.startsWith('/v2/') || path.startsWith('/v1/')) path = path.slice(3);
  return path.length > 0 && path !== '/' ? parsed.host + path : parsed.host;
}

/** Whether a key (possibly with globs) matches an image repository, by kubelet's rules. */
export function urlsMatch(glob: string, target: string): boolean {
  return mismatchReason(glob, target) === undefined;
}

/** Why a keyring key does not match an image repository, or undefined when it matches. */
function mismatchReason(glob: string, target: string): string | undefined {
  const globUrl = parseUrl(`https://${glob}`);
  const targetUrl = parseUrl(`https://${target}`);
  if (!globUrl || !targetUrl) return 'kubelet cannot parse the key';
  const [globLabels, globPort] = splitHost(globUrl.host);
  const [targetLabels, targetPort] = splitHost(targetUrl.host);
  const show = (port: string) => (port ? `port ${port}` : 'no port');
  if (globPort !== targetPort)
    return `ports differ (key has ${show(globPort)}, image has ${show(targetPort)})`;
  if (globLabels.length !== targetLabels.length) {
    return `hosts have different numbers of dot-separated parts (${globLabels.length} vs ${targetLabels.length})`;
  }
  if (!targetUrl.path.startsWith(globUrl.path)) {
    return `the key's path "${globUrl.path}" is not a prefix of the image path "${targetUrl.path}"`;
  }
  const label = globLabels.findIndex((part, i) => !goGlobMatch(part, targetLabels[i]!));
  if (label !== -1) return `host part "${globLabels[label]}" does not match "${targetLabels[label]}"`;
  return undefined;
}

/** Whether an image lives on Docker Hub, by kubelet's test (`nginx`, `foo/bar`, `docker.io/…`). */
export function isDefaultRegistryMatch(image: string): boolean {
  const slash = image.indexOf('/');
  const first = slash === -1 ? image : image.slice(0, slash);
  if (first.length === 0) return false;
  if (slash === -1) return true;
  if (first === 'docker.io' || first === 'index.docker.io') return true;
  return !/[.:]/.test(first);
}

// Enough of Go's url.Parse for registry keys: host (without user info) and path; undefined where Go errs.
function parseUrl(url: string): { host: string; path: string } | undefined {
  const match = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^/?#]*)([^?#]*)/.exec(url);
  if (!match) return undefined;
  const authority = match[1]!;
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  if (/[\s\u0000-\u001f\u007f"<>\\^`{|}]/.test(host)) return undefined;
  const port = /^(?:\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(host)?.[1];
  if (port !== undefined && !/^[0-9]*$/.test(port)) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(match[2]!);
  } catch {
    return undefined;
  }
  return { host, path };
}

// Go's net.SplitHostPort, falling back to the whole host and no port, then split into labels.
function splitHost(hostPort: string): [string[], string] {
  let host = hostPort;
  let port = '';
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(hostPort);
  if (bracketed) {
    host = bracketed[1]!;
    port = bracketed[2]!;
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon !== -1 && hostPort.indexOf(':') === colon && !hostPort.startsWith('[')) {
      host = hostPort.slice(0, colon);
      port = hostPort.slice(colon + 1);
    }
  }
  return [host.split('.'), port];
}
