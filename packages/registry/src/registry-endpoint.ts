import { displayRegistryKey, InvalidInputError, isDockerHubKey } from '@pull-secret/dockerconfigjson';

/** Where a registry's API lives, from a registry key or URL. */
export interface RegistryEndpoint {
  /** `https://host[:port]` (`http://` only when the key says so). */
  origin: string;
  /** host[:port] of the API. */
  host: string;
  dockerHub: boolean;
}

/** Docker Hub's API host: the `https://index.docker.io/v1/` key and `docker.io` both mean it. */
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';

/**
 * The API endpoint for a registry key: scheme kept when given (`http://` for a plain-HTTP registry),
 * otherwise HTTPS; a path in the key (`host/team`) only narrows which images a credential is for, the
 * API is at the host's root; Docker Hub's keys map to `registry-1.docker.io`.
 */
export function registryEndpoint(registry: string): RegistryEndpoint {
  const trimmed = registry.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
    throw new InvalidInputError(
      'REGISTRY_SCHEME',
      `The registry "${displayRegistryKey(registry)}" has scheme ${scheme}:.`,
      {
        hint: 'Give host[:port], or an https:// (or http:// for a plain-HTTP registry) URL.',
      },
    );
  }
  if (isDockerHubKey(trimmed)) {
    return { origin: `https://${DOCKER_HUB_API_HOST}`, host: DOCKER_HUB_API_HOST, dockerHub: true };
  }
  const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const host = withoutScheme.split('/')[0] ?? '';
  if (host === '' || host.includes('@')) {
    throw new InvalidInputError('REGISTRY_INVALID', 'The registry is not host[:port] or a URL.', {
      hint: 'For example registry.example.com:5000 or https://ghcr.io.',
    });
  }
  return { origin: `${scheme ?? 'https'}://${host}`, host, dockerHub: false };
}

/** A repository and the tag or digest to check in it. */
export interface RepositoryReference {
  repository: string;
  reference: string;
}

const PATH = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * `REPO[:TAG|@DIGEST]` inside a registry, as `--image` takes it: a leading registry host equal to the
 * endpoint's is dropped (`ghcr.io/acme/api:1` for ghcr.io), the tag defaults to `latest`, and Docker
 * Hub's official images get `library/`.
 */
export function repositoryReference(
  image: string,
  endpoint: RegistryEndpoint,
  registry: string,
): RepositoryReference {
  let rest = image.trim();
  const registryHost = registry.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').split('/')[0];
  for (const host of [
    endpoint.host,
    registryHost,
    ...(endpoint.dockerHub ? ['docker.io', 'index.docker.io'] : []),
  ]) {
    if (host && rest.startsWith(`${host}/`)) {
      rest = rest.slice(host.length + 1);
      break;
    }
  }
  let reference = 'latest';
  const at = rest.indexOf('@');
  if (at !== -1) {
    reference = rest.slice(at + 1);
    rest = rest.slice(0, at);
    // name:tag@digest: the digest is what gets pulled.
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) rest = rest.slice(0, colon);
  } else {
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      reference = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  if (endpoint.dockerHub && rest !== '' && !rest.includes('/')) rest = `library/${rest}`;
  const bad = (what: string) =>
    new InvalidInputError('IMAGE_INVALID', `The image "${image}" ${what}.`, {
      hint: 'Give REPO[:TAG|@DIGEST] inside the registry, for example team/app:1.0 or team/app@sha256:….',
    });
  if (!PATH.test(rest)) throw bad('is not a valid repository name (lower-case path components)');
  if (at !== -1 ? !DIGEST.test(reference) : !TAG.test(reference)) {
    throw bad(at !== -1 ? 'has a malformed digest' : 'has a malformed tag');
  }
  return { repository: rest, reference };
}
