import {
  displayRegistryKey,
  InvalidInputError,
  isDockerHubKey,
  parseImageReference,
  parseRegistryKey,
} from '@pull-secret/dockerconfigjson';

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
  const { scheme, host } = parseRegistryKey(registry);
  if (scheme !== undefined && scheme !== 'https' && scheme !== 'http') {
    throw new InvalidInputError(
      'REGISTRY_SCHEME',
      `The registry "${displayRegistryKey(registry)}" has scheme ${scheme}:.`,
      {
        hint: 'Give host[:port], or an https:// (or http:// for a plain-HTTP registry) URL.',
      },
    );
  }
  if (isDockerHubKey(registry)) {
    return { origin: `https://${DOCKER_HUB_API_HOST}`, host: DOCKER_HUB_API_HOST, dockerHub: true };
  }
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

/**
 * `REPO[:TAG|@DIGEST]` inside a registry, as `--image` takes it: a leading registry host equal to the
 * endpoint's is dropped (`ghcr.io/acme/api:1` for ghcr.io), the tag defaults to `latest`, and Docker
 * Hub's official images get `library/`. The name is parsed by the one image parser, kubelet's grammar,
 * as if the registry's host stood before it.
 */
export function repositoryReference(
  image: string,
  endpoint: RegistryEndpoint,
  registry: string,
): RepositoryReference {
  let rest = image.trim();
  const prefixes = [
    endpoint.host,
    parseRegistryKey(registry).host,
    ...(endpoint.dockerHub ? ['docker.io', 'index.docker.io'] : []),
  ];
  const prefix = prefixes.find((host) => host && rest.startsWith(`${host}/`));
  if (prefix) rest = rest.slice(prefix.length + 1);
  let parsed: ReturnType<typeof parseImageReference>;
  try {
    // Docker Hub's names are parsed as Docker Hub's (`nginx` → `library/nginx`); any other registry's
    // host is put in front, so its first path part is never taken for a registry.
    parsed = parseImageReference(endpoint.dockerHub ? rest : `${endpoint.host}/${rest}`);
  } catch (error) {
    // The parser's own reason, without the name it was handed (the registry's host stood before it).
    const reason = (error as Error).message.replace(/^The image ".*?" /, '').replace(/\.$/, '');
    throw new InvalidInputError(
      'IMAGE_INVALID',
      `The image "${image}" is not a valid repository name and tag or digest: it ${reason}.`,
      {
        hint: 'Give REPO[:TAG|@DIGEST] inside the registry, for example team/app:1.0 or team/app@sha256:….',
      },
    );
  }
  if (endpoint.dockerHub && parsed.domain !== 'docker.io') {
    throw new InvalidInputError('IMAGE_INVALID', `The image "${image}" names another registry.`, {
      hint: 'Give REPO[:TAG|@DIGEST] inside the registry, for example team/app:1.0.',
    });
  }
  // A one-label host without a port (`myregistry`) is not taken for a registry by kubelet's grammar.
  const repository =
    !endpoint.dockerHub && parsed.domain !== endpoint.host
      ? parsed.path.slice(endpoint.host.length + 1)
      : parsed.path;
  // name:tag@digest: the digest is what gets pulled.
  return { repository, reference: parsed.digest ?? parsed.tag ?? 'latest' };
}
