import { showUntrusted, showUntrustedClipped } from '@pull-secret/dockerconfigjson';
import type { HttpClient, HttpResponse } from '@pull-secret/http';
import type { CheckInit, RegistryEndpoint } from '@pull-secret/registry';
import { BINDERHUB_TOKEN_SERVICE, type BinderRegistrySettings } from './binder-registry-settings.js';

/**
 * found / not-found: BinderHub's lookup works (a 404 is "build it", then found next time);
 * rebuilds: a request answers an HTTP error, which BinderHub logs and then builds again, every launch;
 * launch-fails: BinderHub's lookup raises something it does not catch (no token in the answer, a
 * challenge it cannot parse), so the launch fails; unreachable, tls: this machine could not ask.
 */
export type BinderLookupOutcome =
  | 'found'
  | 'not-found'
  | 'rebuilds'
  | 'launch-fails'
  | 'unreachable'
  | 'tls'
  /** BinderHub makes no such requests here: use_registry is false, or a registry_class of its own. */
  | 'not-checked';

export interface BinderLookupRequest {
  /** What BinderHub asked, with no credential: `GET https://host/v2/NAME/manifests/TAG`. */
  request: string;
  status: number;
}

export interface BinderLookupResult {
  outcome: BinderLookupOutcome;
  /** The image BinderHub would look up: its name without the registry, and its tag. */
  image: string;
  tag: string;
  requests: BinderLookupRequest[];
  message: string;
  hint?: string;
}

export interface ProbeBinderRegistryInit extends CheckInit {
  /**
   * The image to look up, as BinderHub names built ones (`<image_prefix><slug>:<ref>`). Default: a name
   * under the image prefix that has never been built, as on a repository's first launch.
   */
  image?: string;
}

/** The Accept header BinderHub's get_image_manifest sends, and only that. */
export const BINDERHUB_MANIFEST_ACCEPT = 'application/vnd.oci.image.manifest.v1+json';

/**
 * Makes the requests the binder pod's `DockerRegistry.get_image_manifest` makes, with its settings: a
 * token from `token_url` with `scope=repository:NAME:pull&service=container_registry` appended to
 * whatever the URL already holds, then the manifest with that token; or, without a `token_url`, the
 * manifest with Basic auth, following a Bearer challenge on 401. Says what BinderHub makes of each
 * answer. Never throws for what the registry or network does.
 */
export async function probeBinderRegistry(
  settings: BinderRegistrySettings,
  init: ProbeBinderRegistryInit = {},
): Promise<BinderLookupResult> {
  const { image, tag } = imageBasenameAndTag(init.image ?? `${settings.imagePrefix}pull-secret-check:latest`);
  const requests: BinderLookupRequest[] = [];
  const finish = (outcome: BinderLookupOutcome, message: string, extra: { hint?: string } = {}) => ({
    outcome,
    image,
    tag,
    requests,
    message,
    ...(extra.hint === undefined ? {} : { hint: extra.hint }),
  });
  if (!settings.useRegistry) {
    return finish(
      'not-checked',
      'config.BinderHub.use_registry is false: BinderHub looks for images on the node, not in a registry.',
    );
  }
  if (settings.registryClass !== undefined && !/(^|\.)DockerRegistry$/.test(settings.registryClass)) {
    return finish(
      'not-checked',
      `config.BinderHub.registry_class is ${showUntrusted(settings.registryClass)}, which looks images up its own way: only DockerRegistry's requests are made here.`,
    );
  }
  // The registry client is loaded only here: values checks without --live never need it.
  const { MANIFEST_ACCEPT, registryEndpoint, runCheck } = await import('@pull-secret/registry');
  let endpoint: RegistryEndpoint;
  try {
    endpoint = registryEndpoint(settings.url);
  } catch {
    return finish(
      'launch-fails',
      `BinderHub's registry url "${showUntrusted(settings.url)}" is not an https:// URL.`,
      {
        hint: 'Set registry.url (or config.DockerRegistry.url) to https://HOST[:PORT].',
      },
    );
  }
  return runCheck(
    init,
    endpoint,
    (outcome, message, extra) => finish(mapOutcome(outcome), message, extra),
    (http) => lookup(http, settings, { image, tag, anyManifest: MANIFEST_ACCEPT }, requests, finish),
  );
}

function mapOutcome(outcome: string): BinderLookupOutcome {
  return outcome === 'tls' ? 'tls' : 'unreachable';
}

type Finish = (
  outcome: BinderLookupOutcome,
  message: string,
  extra?: { hint?: string },
) => BinderLookupResult;

async function lookup(
  http: HttpClient,
  settings: BinderRegistrySettings,
  { image, tag, anyManifest }: { image: string; tag: string; anyManifest: string },
  requests: BinderLookupRequest[],
  finish: Finish,
): Promise<BinderLookupResult> {
  const basic = `Basic ${Buffer.from(`${settings.username}:${settings.password}`, 'utf8').toString('base64')}`;
  const manifestUrl = `${settings.url}/v2/${image}/manifests/${tag}`;
  const send = async (url: string, headers: Record<string, string>) => {
    const response = await http.send(url, { method: 'GET', headers });
    requests.push({
      request: `GET ${showUntrustedClipped(withoutUserInfo(url), 300)}`,
      status: response.status,
    });
    return response;
  };
  const accept = { accept: BINDERHUB_MANIFEST_ACCEPT };
  // The Accept BinderHub sent with the manifest request that counts ('' for none).
  let sentAccept = BINDERHUB_MANIFEST_ACCEPT;
  let authorization = basic;
  let token: string | undefined;
  let manifest: HttpResponse;
  if (settings.tokenUrl !== '') {
    let tokenUrl: URL;
    try {
      tokenUrl = new URL(settings.tokenUrl);
      if (!/^https?:$/.test(tokenUrl.protocol)) throw new Error('scheme');
    } catch {
      return finish(
        'launch-fails',
        `BinderHub asks its token_url "${showUntrustedClipped(settings.tokenUrl, 200)}" for a token, which is no http(s) URL, so the image lookup raises an error and launches fail.`,
        { hint: 'Remove config.DockerRegistry.token_url, or give the registry’s token endpoint.' },
      );
    }
    // tornado's url_concat: the URL's own query first, then scope and service, duplicates kept.
    tokenUrl.searchParams.append('scope', `repository:${image}:pull`);
    tokenUrl.searchParams.append('service', BINDERHUB_TOKEN_SERVICE);
    const answer = await send(tokenUrl.href, { authorization: basic });
    if (answer.status < 200 || answer.status >= 300)
      return rebuilds(finish, 'The token request', answer.status);
    token = tokenIn(answer.body);
    if (token === undefined) {
      return finish(
        'launch-fails',
        `The token request answered ${answer.status} without a token or access_token, which BinderHub does not catch, so launches fail.`,
        {
          hint: 'token_url must be the registry’s Docker token endpoint; remove it to let BinderHub follow the registry’s challenge.',
        },
      );
    }
    authorization = `Bearer ${token}`;
    manifest = await send(manifestUrl, { ...accept, authorization });
  } else {
    manifest = await send(manifestUrl, { ...accept, authorization: basic });
  }
  if (manifest.status === 401 && token !== undefined && settings.url.endsWith('.docker.io')) {
    // BinderHub's not_found_401: Docker Hub answers 401 for a repository that does not exist.
    return notFound(finish, image, tag);
  }
  if (manifest.status === 401 && token === undefined && manifest.headers['www-authenticate'] !== undefined) {
    const header = headerText(manifest.headers['www-authenticate']);
    const challenge = binderChallenge(header);
    if (!challenge) {
      return finish(
        'launch-fails',
        `The registry asked for "${showUntrustedClipped(header, 200)}", which BinderHub cannot follow (it takes only a Bearer challenge with realm, service and scope), so launches fail.`,
        {
          hint: 'Check registry.username and registry.password: a Basic registry answers 401 only to a wrong login.',
        },
      );
    }
    let realm: URL;
    try {
      realm = new URL(challenge.realm);
    } catch {
      return finish(
        'launch-fails',
        'The registry’s Bearer challenge names no usable realm, so launches fail.',
      );
    }
    realm.searchParams.append('scope', challenge.scope);
    realm.searchParams.append('service', challenge.service);
    const answer = await send(realm.href, { authorization: basic });
    if (answer.status < 200 || answer.status >= 300)
      return rebuilds(finish, 'The token request', answer.status);
    token = tokenIn(answer.body);
    if (token === undefined) {
      return finish(
        'launch-fails',
        `The registry’s token server answered without a token, so launches fail.`,
      );
    }
    authorization = `Bearer ${token}`;
    // This request of BinderHub's carries no Accept header at all.
    sentAccept = '';
    manifest = await send(manifestUrl, { authorization });
  }
  if (manifest.status === 404 || manifest.status === 400) {
    // Not BinderHub's request: the same one accepting every manifest type tells "absent" from "there,
    // but not in a type BinderHub's Accept lets the registry send".
    const any = await send(manifestUrl, { accept: anyManifest, authorization });
    if (any.status === 200) {
      const type = showUntrustedClipped(headerText(any.headers['content-type']), 100);
      return finish(
        'rebuilds',
        `The binder pod will not find ${showUntrusted(image)}:${showUntrusted(tag)}: it is there as ${type}, but BinderHub asks ${sentAccept === '' ? 'with no Accept header' : `for ${sentAccept} only`} and the registry answers ${manifest.status}, so BinderHub builds it again on every launch.`,
        {
          hint: 'Push images in the manifest type BinderHub asks for, or give config.DockerRegistry.token_url so that BinderHub sends its OCI Accept header.',
        },
      );
    }
    requests.pop();
  }
  if (manifest.status === 404) return notFound(finish, image, tag);
  if (manifest.status < 200 || manifest.status >= 300) {
    return rebuilds(finish, 'The manifest request', manifest.status);
  }
  try {
    JSON.parse(manifest.body);
  } catch {
    return finish(
      'launch-fails',
      `The manifest request answered ${manifest.status} without JSON, so launches fail.`,
    );
  }
  return finish(
    'found',
    `The binder pod will find built images: ${showUntrusted(image)}:${showUntrusted(tag)} is there (${manifest.status}), so BinderHub launches it without building.`,
  );
}

function rebuilds(finish: Finish, what: string, status: number): BinderLookupResult {
  const why =
    status === 401 || status === 403
      ? ' (the registry refused the login or token BinderHub sends)'
      : status === 400 && what === 'The token request'
        ? ' (the token server refused the request itself, as Azure does for a second service=)'
        : '';
  return finish(
    'rebuilds',
    `The binder pod will not find images: ${what.toLowerCase()} answered ${status}${why}; BinderHub logs "Failed to get image manifest" and builds again on every launch.`,
    {
      hint:
        status === 400 && what === 'The token request'
          ? 'Remove service= from config.DockerRegistry.token_url, or remove token_url and let BinderHub follow the registry’s challenge.'
          : 'Check registry.username and registry.password (they must pull from the registry) and config.DockerRegistry.token_url.',
    },
  );
}

function notFound(finish: Finish, image: string, tag: string): BinderLookupResult {
  return finish(
    'not-found',
    `The binder pod will find built images: ${showUntrusted(image)}:${showUntrusted(tag)} is not there (404), which BinderHub takes as "build it", and finds once built.`,
  );
}

function tokenIn(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { token?: unknown; access_token?: unknown };
    // BinderHub takes `token` if the key is there at all, else `access_token`.
    const token = 'token' in parsed ? parsed.token : parsed.access_token;
    return typeof token === 'string' ? token : undefined;
  } catch {
    return undefined;
  }
}

/** BinderHub's own parse of a challenge: Bearer, with quoted realm, service and scope, or nothing. */
function binderChallenge(header: string): { realm: string; service: string; scope: string } | undefined {
  if (!header.toLowerCase().startsWith('bearer ')) return undefined;
  const realm = /realm="([^"]+)"/.exec(header)?.[1];
  const service = /service="([^"]*)"/.exec(header)?.[1];
  const scope = /scope="([^"]*)"/.exec(header)?.[1];
  return realm !== undefined && service !== undefined && scope !== undefined
    ? { realm, service, scope }
    : undefined;
}

/** A URL as shown: user info in it (a login pasted into token_url) is hidden. */
function withoutUserInfo(url: string): string {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return url;
  parsed.username = '***';
  parsed.password = '';
  return parsed.href;
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/**
 * BinderHub's `_get_image_basename_and_tag`: the tag after the last colon (`latest` if there is none),
 * then the whole name if it looks like Docker Hub's `namespace/name`, else the name without its first
 * part (the registry). A name with a port and no tag gets `:latest` first, which BinderHub's names have.
 */
export function imageBasenameAndTag(fullName: string): { image: string; tag: string } {
  const named = /:[^/]*$/.test(fullName) ? fullName : `${fullName}:latest`;
  const colon = named.lastIndexOf(':');
  const name = named.slice(0, colon);
  const tag = named.slice(colon + 1);
  if (/^[a-z0-9]{4,40}\/[a-z0-9._-]{2,255}$/.test(name)) return { image: name, tag };
  return { image: name.split('/').slice(1).join('/'), tag };
}
