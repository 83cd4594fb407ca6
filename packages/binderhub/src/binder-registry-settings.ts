import { isObject, type Values } from './read-values-files.js';

/** BinderHub's Docker Hub login key and the v2 API it talks to instead (binderhub/registry.py). */
export const DOCKER_HUB_AUTH_URL = 'https://index.docker.io/v1/';
export const DOCKER_HUB_REGISTRY_URL = 'https://registry-1.docker.io';
/** The service BinderHub appends to every `token_url` request, whatever the registry's is. */
export const BINDERHUB_TOKEN_SERVICE = 'container_registry';

/** What the chart puts in the `binder-build-docker-config` Secret's config.json (its `buildDockerConfig`). */
export interface RenderedDockerConfig {
  /** `registry.url`, or Docker Hub's login key when unset. */
  key: string;
  /** `registry.username`, or the chart's default: `_json_key` for exactly `https://gcr.io`, else `<token>`. */
  username: string;
  usernameDefaulted: boolean;
  password: string;
  /** Every auths key, sorted as the chart's toPrettyJson writes them (extra ones from buildDockerConfig). */
  keys: string[];
}

/** What the binder pod's `DockerRegistry` ends up with: `config.DockerRegistry.*` or its defaults. */
export interface BinderRegistrySettings {
  url: string;
  authConfigUrl: string;
  /** '' for none: BinderHub then sends Basic auth and follows a Bearer challenge. */
  tokenUrl: string;
  username: string;
  password: string;
  /** `config.BinderHub.registry_class`, when set. */
  registryClass?: string;
  useRegistry: boolean;
  imagePrefix: string;
  rendered: RenderedDockerConfig;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** The chart's `buildDockerConfig`, as a Go template evaluates it (an empty string counts as unset). */
export function renderedDockerConfig(values: Values): RenderedDockerConfig {
  const registry = isObject(values.registry) ? values.registry : {};
  const key = text(registry.url) || DOCKER_HUB_AUTH_URL;
  const given = text(registry.username);
  const username = given || (key === 'https://gcr.io' ? '_json_key' : '<token>');
  const config = isObject(values.config) ? values.config : {};
  const binderHub = isObject(config.BinderHub) ? config.BinderHub : {};
  const extra = isObject(binderHub.buildDockerConfig) ? binderHub.buildDockerConfig.auths : undefined;
  const keys = new Set([key, ...(isObject(extra) ? Object.keys(extra) : [])]);
  return {
    key,
    username,
    usernameDefaulted: !given,
    password: text(registry.password) ?? '',
    keys: [...keys].sort(),
  };
}

/**
 * The registry settings the binder pod uses, derived with BinderHub's own rules: `url` from the first
 * config.json key (`https://` added to a bare host, Docker Hub's v1 key swapped for its v2 API),
 * `auth_config_url` by the url, its host or Docker Hub's key, `token_url` by default only for `*.gcr.io`
 * and `*.docker.io`, and the login from config.json unless `config.DockerRegistry` sets one.
 */
export function binderRegistrySettings(values: Values): BinderRegistrySettings {
  const rendered = renderedDockerConfig(values);
  const config = isObject(values.config) ? values.config : {};
  const binderHub = isObject(config.BinderHub) ? config.BinderHub : {};
  // traitlets reads DockerRegistry settings at the top level and, as the binder app is its parent,
  // under BinderHub too; the nested one wins.
  const docker = {
    ...(isObject(config.DockerRegistry) ? config.DockerRegistry : {}),
    ...(isObject(binderHub.DockerRegistry) ? binderHub.DockerRegistry : {}),
  };
  let url = text(docker.url);
  if (url === undefined) {
    const first = rendered.keys[0] ?? rendered.key;
    url = first.includes('://') ? first : `https://${first}`;
    if (url === DOCKER_HUB_AUTH_URL) url = DOCKER_HUB_REGISTRY_URL;
  }
  const hostname = hostnameOf(url);
  const authConfigUrl =
    text(docker.auth_config_url) ??
    (rendered.keys.includes(url)
      ? url
      : hostname !== undefined && rendered.keys.includes(hostname)
        ? hostname
        : `.${hostname}`.endsWith('.docker.io') || `.${hostname}`.endsWith('.docker.com')
          ? DOCKER_HUB_AUTH_URL
          : url);
  const tokenUrl =
    text(docker.token_url) ??
    (`.${hostname}`.endsWith('.gcr.io')
      ? `https://${hostname}/v2/token?service=${hostname}`
      : url.endsWith('.docker.io')
        ? 'https://auth.docker.io/token?service=registry.docker.io'
        : '');
  // Only the key's own login is read from config.json; the chart's holds just `auth`.
  const fromConfig = authConfigUrl === rendered.key ? rendered : undefined;
  const registryClass = text(binderHub.registry_class);
  return {
    url,
    authConfigUrl,
    tokenUrl,
    username: text(docker.username) ?? fromConfig?.username ?? '',
    password: text(docker.password) ?? fromConfig?.password ?? '',
    ...(registryClass ? { registryClass } : {}),
    useRegistry: binderHub.use_registry !== false,
    imagePrefix: text(binderHub.image_prefix) ?? '',
    rendered,
  };
}

/** The host name as Python's urlparse gives it (lower case, no port), or undefined for no URL. */
export function hostnameOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
