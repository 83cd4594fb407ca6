import type { HttpClient } from '@pull-secret/http';
import {
  type AuthState,
  authorize,
  type CheckInit,
  challengeError,
  headerText,
  rejected,
  runCheck,
  unexpected,
  type VerifyOutcome,
} from './registry-auth.js';
import { type RegistryEndpoint, registryEndpoint, repositoryReference } from './registry-endpoint.js';

export type { VerifyOutcome } from './registry-auth.js';

export interface VerifyPullAccessInit extends CheckInit {
  /** A registry key (`ghcr.io`, `host:5000`, `https://index.docker.io/v1/`) or URL (`http://` for plain HTTP). */
  registry: string;
  username: string;
  password: string;
  /** The repository to prove pull on; without it only the login is checked, as `docker login` does. */
  repository?: string;
  /** Tag or digest (default `latest`); may also be given in `repository` as `REPO:TAG` or `REPO@DIGEST`. */
  reference?: string;
}

export interface VerifyPullAccessResult {
  ok: boolean;
  result: VerifyOutcome;
  /** The registry as given. */
  registry: string;
  /** The API origin talked to (`https://registry-1.docker.io` for Docker Hub). */
  endpoint: string;
  repository?: string;
  reference?: string;
  /** The auth the registry asked for: `basic`, `bearer`, or `none` when it needs no credentials. */
  scheme?: 'basic' | 'bearer' | 'none';
  /** The token's `expires_in`, when the token server gave one. */
  tokenExpiresInSeconds?: number;
  /** The manifest's digest and media type, on success. */
  digest?: string;
  mediaType?: string;
  /** The HTTP status behind a non-ok result, when there was one. */
  status?: number;
  /** One sentence saying what happened; never a secret. */
  message: string;
  hint?: string;
}

/** Every manifest kind a container runtime accepts, as containerd asks for them. */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/**
 * Proves that a credential can pull, the way a container runtime does: `GET /v2/`, answer its
 * challenge (Basic, or a Bearer token fetched from the realm with `scope=repository:REPO:pull`), then
 * `HEAD /v2/REPO/manifests/REF`, which must be 200. A token alone proves nothing: token servers answer
 * 200 with an empty grant to users who may not pull. Never throws for what the registry or network
 * did (that is the result); throws InvalidInputError for malformed input and rethrows the caller's abort.
 */
export async function verifyPullAccess(init: VerifyPullAccessInit): Promise<VerifyPullAccessResult> {
  const endpoint = registryEndpoint(init.registry);
  const target =
    init.repository === undefined
      ? undefined
      : repositoryReference(
          init.reference === undefined
            ? init.repository
            : `${init.repository}${init.reference.includes(':') ? '@' : ':'}${init.reference}`,
          endpoint,
          init.registry,
        );
  const base = {
    registry: init.registry,
    endpoint: endpoint.origin,
    ...(target ?? {}),
  };
  const state: AuthState = {};
  const finish = (
    outcome: VerifyOutcome,
    message: string,
    extra: Partial<VerifyPullAccessResult> = {},
  ): VerifyPullAccessResult => ({
    ok: outcome === 'ok',
    result: outcome,
    ...base,
    ...(state.scheme ? { scheme: state.scheme } : {}),
    ...(state.expiresIn === undefined ? {} : { tokenExpiresInSeconds: state.expiresIn }),
    ...extra,
    message,
  });
  return runCheck(init, endpoint, finish, (http) => check(http, endpoint, init, target, state, finish));
}

type PullFinish = (
  outcome: VerifyOutcome,
  message: string,
  extra?: Partial<VerifyPullAccessResult>,
) => VerifyPullAccessResult;

async function check(
  http: HttpClient,
  endpoint: RegistryEndpoint,
  init: VerifyPullAccessInit,
  target: { repository: string; reference: string } | undefined,
  state: AuthState,
  finish: PullFinish,
): Promise<VerifyPullAccessResult> {
  const scope = target ? `repository:${target.repository}:pull` : undefined;
  // Without a repository, the login is all that is checked.
  const auth = await authorize(http, endpoint, init, scope, !target, state, finish);
  if ('result' in auth) return auth.result;
  const { authorization } = auth;
  if (!target) {
    return finish(
      'ok',
      authorization === undefined
        ? `${endpoint.host} needs no credentials; no repository was given to check.`
        : `The credentials log in to ${endpoint.host}; give a repository to prove pull access.`,
    );
  }

  const manifestUrl = `${endpoint.origin}/v2/${target.repository}/manifests/${target.reference}`;
  const head = await http.send(manifestUrl, {
    method: 'HEAD',
    headers: { accept: MANIFEST_ACCEPT, ...(authorization ? { authorization } : {}) },
  });
  const image = `${target.repository}${target.reference.includes(':') ? '@' : ':'}${target.reference}`;
  if (head.status === 200) {
    const digest = headerText(head.headers['docker-content-digest']);
    const mediaType = headerText(head.headers['content-type']).split(';')[0]?.trim();
    return finish('ok', `The credentials can pull ${image} from ${endpoint.host}.`, {
      ...(digest ? { digest } : {}),
      ...(mediaType ? { mediaType } : {}),
    });
  }
  if (head.status === 404) {
    return finish('not-found', `${endpoint.host} has no ${image} (the repository or the tag is absent).`, {
      status: 404,
      hint: 'Check the repository path and the tag; the credentials themselves were accepted.',
    });
  }
  if (head.status === 401 || head.status === 403) {
    const error = challengeError(head);
    if (authorization === undefined || error === 'invalid_token') return rejected(finish, head.status);
    return finish(
      'denied',
      `The credentials were accepted, but may not pull ${target.repository}${error ? ` (${error})` : ''}.`,
      {
        status: head.status,
        hint: 'Grant this account pull on the repository (robot account, token scope or role), or check the repository path: some registries hide repositories you cannot see.',
      },
    );
  }
  return unexpected(finish, head, `answered HEAD ${image} with`);
}
