import { displayRegistryKey, registryHost, showUntrusted } from '@pull-secret/dockerconfigjson';
import {
  BINDERHUB_TOKEN_SERVICE,
  binderRegistrySettings,
  DOCKER_HUB_AUTH_URL,
  hostnameOf,
} from './binder-registry-settings.js';
import { checkJupyterHubValues, type ValuesFinding } from './check-jupyterhub-values.js';
import { mergeValuesFiles } from './merge-values-files.js';
import { isObject, type Values, type ValuesFile } from './read-values-files.js';

/** What the BinderHub chart did with keys it has since removed (its NOTES.txt says the same). */
const REMOVED_REGISTRY_KEYS: Readonly<Record<string, string>> = {
  enabled: 'config.BinderHub.use_registry',
  host: 'config.DockerRegistry.url',
  authHost: 'registry.url',
  tokenUrl: 'config.DockerRegistry.token_url',
  prefix: 'config.BinderHub.image_prefix',
};
const DOCKER_HUB_HOSTS = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
  'hub.docker.com',
]);
const HELPER_CLASSES = /(ExternalRegistryHelper|GoogleArtifactRegistry)$/;
const NULLISH = /^(none|null|nil|undefined|~)$/i;
const DOCKER_REGISTRY_KEYS = ['url', 'auth_config_url', 'token_url', 'username', 'password'] as const;

type Kind = 'dockerhub' | 'gcr' | 'gar' | 'acr' | 'quay' | 'ghcr' | 'gitlab' | 'harbor' | 'other';

/** Where an image goes: the levels an image prefix needs after the host, and what they are called. */
const PREFIX_LEVELS: Readonly<Record<Kind, { min: number; max?: number; shape: string; name: string }>> = {
  dockerhub: { min: 2, max: 2, shape: '<namespace>/<prefix>-', name: 'Docker Hub' },
  gcr: { min: 2, shape: 'gcr.io/<project>/<prefix>-', name: 'Google Container Registry' },
  gar: {
    min: 3,
    shape: '<location>-docker.pkg.dev/<project>/<repository>/<prefix>-',
    name: 'Google Artifact Registry',
  },
  acr: { min: 2, shape: '<name>.azurecr.io/<project>/<prefix>-', name: 'Azure Container Registry' },
  quay: { min: 2, max: 2, shape: 'quay.io/<namespace>/<prefix>-', name: 'Quay' },
  ghcr: { min: 2, shape: 'ghcr.io/<owner>/<prefix>-', name: 'GitHub Container Registry' },
  gitlab: { min: 3, shape: '<host>/<group>/<project>/<prefix>-', name: 'GitLab' },
  harbor: { min: 2, shape: '<host>/<project>/<prefix>-', name: 'Harbor' },
  other: { min: 1, shape: '<host>/<prefix>-', name: 'this registry' },
};

/**
 * Reads BinderHub values files (secret.yaml, config.yaml), merged as `helm -f a -f b` merges them, and
 * reports each setting that makes BinderHub rebuild every image, fail to push, or not start, with its
 * fix; plus the z2jh `global.*` pull-secret traps under `jupyterhub:`. One finding a problem, never a
 * password. Throws InvalidInputError for a file that is not YAML or not a mapping.
 */
export function checkBinderHubValues(files: readonly ValuesFile[]): ValuesFinding[] {
  const { values, fileOf } = mergeValuesFiles(files);
  const findings: ValuesFinding[] = [];
  const add = (path: string, message: string) => findings.push({ file: fileOf(path), path, message });
  const registry = isObject(values.registry) ? values.registry : {};
  const config = isObject(values.config) ? values.config : {};
  const binderHub = isObject(config.BinderHub) ? config.BinderHub : {};
  const settings = binderRegistrySettings(values);
  const { rendered } = settings;
  const helper = HELPER_CLASSES.test(settings.registryClass ?? '');
  const keyHost = registryHost(rendered.key);
  const kind = kindOf(keyHost, settings.tokenUrl);

  for (const key of Object.keys(registry)) {
    if (['url', 'username', 'password'].includes(key)) continue;
    const moved = REMOVED_REGISTRY_KEYS[key];
    const shown = showUntrusted(key);
    add(
      `registry.${key}`,
      moved
        ? `registry.${key} was removed from the BinderHub chart, whose schema now refuses it, so helm install fails: use ${moved} instead.`
        : `registry.${shown} is not a BinderHub chart setting, and its schema refuses it, so helm install fails: registry takes only url, username and password.`,
    );
  }

  for (const [section, scope] of [
    ['config.DockerRegistry', config.DockerRegistry],
    ['config.BinderHub.DockerRegistry', binderHub.DockerRegistry],
    ['config.BinderHub', binderHub],
  ] as const) {
    if (!isObject(scope)) continue;
    for (const key of section === 'config.BinderHub' ? ['image_prefix'] : DOCKER_REGISTRY_KEYS) {
      if (!(key in scope)) continue;
      const value = scope[key];
      const path = `${section}.${key}`;
      if (value === null) {
        add(
          path,
          `${path} is null, which BinderHub's string setting refuses, so the binder pod does not start: remove the key or give a string.`,
        );
      } else if (typeof value === 'string' && NULLISH.test(value.trim())) {
        add(
          path,
          `${path} is the string "${showUntrusted(value)}", not an empty value, so BinderHub uses it as written and the image check fails, rebuilding on every launch: remove the key.`,
        );
      }
    }
  }

  const usesLogin = settings.useRegistry && !helper;
  const hasExtraLogins = rendered.keys.length > 1;
  if (usesLogin && rendered.password === '' && !hasExtraLogins) {
    add(
      'registry.password',
      'config.BinderHub.use_registry is true but registry has no password, so the chart writes a login no registry takes (username <token>, no password), the build pods cannot push and the binder pod finds no image: set registry.url, registry.username and registry.password.',
    );
  } else if (rendered.usernameDefaulted && rendered.username === '<token>' && rendered.password !== '') {
    const google = kind === 'gcr' || kind === 'gar';
    add(
      'registry.username',
      `registry.username is not set, so the chart writes the username "${rendered.username}" (it defaults to _json_key only when registry.url is exactly https://gcr.io), which the registry refuses: set registry.username${google ? ': _json_key' : " to the registry's login"}.`,
    );
  }

  if (DOCKER_HUB_HOSTS.has(keyHost) && rendered.key !== DOCKER_HUB_AUTH_URL) {
    add(
      'registry.url',
      `registry.url is "${displayRegistryKey(rendered.key)}", but docker finds a Docker Hub login only under exactly ${DOCKER_HUB_AUTH_URL}, so the build pods push without it and the binder pod asks another URL: set registry.url: ${DOCKER_HUB_AUTH_URL} or leave it out.`,
    );
  }

  if (rendered.password !== '') {
    const problem = jsonKeyProblem(rendered.username, rendered.password, kind);
    if (problem) add('registry.password', problem);
  }

  const tokenUrlPath =
    isObject(binderHub.DockerRegistry) && 'token_url' in binderHub.DockerRegistry
      ? 'config.BinderHub.DockerRegistry.token_url'
      : 'config.DockerRegistry.token_url';
  const tokenHost = hostnameOf(settings.tokenUrl) ?? '';
  if (/[?&]service=/.test(settings.tokenUrl) && (isAcr(tokenHost) || isAcr(hostnameOf(settings.url) ?? ''))) {
    add(
      tokenUrlPath,
      `${tokenUrlPath} holds service=, and BinderHub appends service=${BINDERHUB_TOKEN_SERVICE} to it, so Azure refuses the token request (400, binderhub#1620) and every launch rebuilds: remove token_url; BinderHub then follows the registry's own challenge.`,
    );
  }

  if (settings.useRegistry) {
    findings.push(...prefixFindings(settings.imagePrefix, settings.url, settings.tokenUrl, fileOf));
  }

  findings.push(...checkJupyterHubValues(files).filter((finding) => finding.path.startsWith('jupyterhub.')));
  return findings;
}

function prefixFindings(
  prefix: string,
  url: string,
  tokenUrl: string,
  fileOf: (path: string) => string,
): ValuesFinding[] {
  const path = 'config.BinderHub.image_prefix';
  const finding = (message: string) => [{ file: fileOf(path), path, message }];
  if (prefix === '') {
    return finding(
      `${path} is empty, so images are named after the repository alone and pushed to Docker Hub's library, which no one may push to: set it to the registry, project and a prefix, such as ${PREFIX_LEVELS[kindOf(hostnameOf(url) ?? '', tokenUrl)].shape}.`,
    );
  }
  const parts = prefix.split('/');
  // docker's rule: the first part is a registry when it has a dot or a port, or is localhost.
  const first = parts[0] ?? '';
  const hasHost = parts.length > 1 && (/[.:]/.test(first) || first === 'localhost');
  const host = hasHost ? first.toLowerCase() : 'docker.io';
  const levels = hasHost ? parts.length - 1 : parts.length;
  const urlHost = hostnameOf(url);
  // The token URL tells a Harbor apart only when the prefix names the registry the binder pod asks.
  const kind = kindOf(host, urlHost === host.replace(/:\d+$/, '') ? tokenUrl : '');
  const rule = PREFIX_LEVELS[kind];
  const shown = showUntrusted(prefix);
  if (levels < rule.min || (rule.max !== undefined && levels > rule.max)) {
    return finding(
      `${path} "${shown}" has ${levels} level${levels === 1 ? '' : 's'} after the host, but ${rule.name} takes images only as ${rule.shape}, so the build pods cannot push: write it as ${rule.shape}.`,
    );
  }
  if (kind === 'dockerhub' && !/^[a-z0-9]{4,40}$/.test(parts[parts.length - 2] ?? '')) {
    return finding(
      `${path} "${shown}" has a namespace BinderHub does not take for Docker Hub's (4 to 40 lowercase letters or digits), so it looks for images under another name and rebuilds every launch: use your Docker Hub namespace, as <namespace>/<prefix>-.`,
    );
  }
  const same = (a: string) => (DOCKER_HUB_HOSTS.has(a) ? 'docker.io' : a);
  if (urlHost !== undefined && same(urlHost) !== same(host.replace(/:\d+$/, ''))) {
    return finding(
      `${path} pushes to ${showUntrusted(host)}, but the binder pod looks for images at ${showUntrusted(urlHost)} (registry.url or config.DockerRegistry.url), so it never finds one and every launch rebuilds: use the same registry in both.`,
    );
  }
  return [];
}

function kindOf(host: string, tokenUrl: string): Kind {
  const bare = host.replace(/:\d+$/, '');
  if (DOCKER_HUB_HOSTS.has(bare)) return 'dockerhub';
  if (bare === 'gcr.io' || bare.endsWith('.gcr.io')) return 'gcr';
  if (bare.endsWith('-docker.pkg.dev')) return 'gar';
  if (isAcr(bare)) return 'acr';
  if (bare === 'quay.io') return 'quay';
  if (bare === 'ghcr.io') return 'ghcr';
  if (bare === 'registry.gitlab.com') return 'gitlab';
  if (bare.endsWith('.container-registry.ovh.net') || /\/service\/token\b/.test(tokenUrl)) return 'harbor';
  return 'other';
}

function isAcr(host: string): boolean {
  return /\.azurecr\.(io|cn|us)$/.test(host);
}

/** What is wrong with a Google JSON key login, in words that quote nothing of the key. */
function jsonKeyProblem(username: string, password: string, kind: Kind): string | undefined {
  const looksLikeKey = password.trimStart().startsWith('{');
  if (username !== '_json_key' && username !== '_json_key_base64') {
    if ((kind === 'gcr' || kind === 'gar') && looksLikeKey && username !== '<token>') {
      return `registry.password is a JSON key but registry.username is not _json_key, so Google refuses the login: set registry.username: _json_key.`;
    }
    return undefined;
  }
  let key = password;
  if (username === '_json_key_base64') {
    key = Buffer.from(password.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (!key.trimStart().startsWith('{')) {
      return 'registry.password is not the base64 of a JSON key, as the username _json_key_base64 says, so Google refuses the login: paste the base64 of the key file, or the key itself with username _json_key.';
    }
  }
  const placeholders = key
    .split('\n')
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(
      ({ line }) =>
        /^\s*(\.\.\.|…)\s*,?\s*$/.test(line) || /"<[^"<>]*>"|<(paste|your|insert)[^>]*>/i.test(line),
    )
    .map(({ number }) => number);
  if (placeholders.length > 0) {
    return `registry.password holds placeholder text on line${placeholders.length > 1 ? 's' : ''} ${placeholders.join(', ')} of the key instead of the key file's own, so Google refuses the login: paste the whole key file under password: | as a block.`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch (error) {
    // Node's message may quote the text; only its line number is shown.
    const line = /line (\d+)/.exec((error as Error).message)?.[1];
    return `registry.password is not valid JSON${line ? ` (line ${line} of the key)` : ''}, so the build pods log in with a broken key and Google refuses the push: paste the key file unchanged under password: | as a block, indented.`;
  }
  const fields = isObject(parsed) ? (parsed as Values) : {};
  const missing = ['type', 'client_email', 'private_key'].filter(
    (field) => typeof fields[field] !== 'string',
  );
  if (missing.length > 0 || fields.type !== 'service_account') {
    return `registry.password is JSON but not a service account key (${missing.length > 0 ? `no ${missing.join(', ')}` : 'its type is not service_account'}), so Google refuses the login: paste the key file made by gcloud iam service-accounts keys create.`;
  }
  return undefined;
}
