import { parseImageReference } from '@pull-secret/dockerconfigjson';
import type { HttpClient } from '@pull-secret/http';
import {
  type AuthState,
  authorize,
  basicAuthorization,
  type CheckInit,
  challengeError,
  fetchToken,
  headerText,
  rejected,
  runCheck,
  unexpected,
  type VerifyOutcome,
} from './registry-auth.js';
import { type RegistryEndpoint, registryEndpoint, repositoryReference } from './registry-endpoint.js';

/** The login to prove; `registry` may be left out when the image names its registry. */
export interface PushCredential {
  registry?: string;
  username: string;
  password: string;
}

/** The CA, time limit, abort signal and proxy environment of the check. */
export type VerifyPushAccessInit = CheckInit;

export interface VerifyPushAccessResult {
  ok: boolean;
  result: VerifyOutcome;
  /** The registry as given (or the image's host). */
  registry: string;
  /** The API origin talked to. */
  endpoint: string;
  /** The repository push was proven on (a tag or digest in the image is ignored). */
  repository: string;
  scheme?: 'basic' | 'bearer' | 'none';
  tokenExpiresInSeconds?: number;
  /** Whether the upload started for the proof was cancelled; absent when none was started. */
  uploadCancelled?: boolean;
  status?: number;
  /** One sentence saying what happened; never a secret. */
  message: string;
  hint?: string;
}

/**
 * Proves that a credential can push to a repository, the way `docker push` starts: `GET /v2/`, answer
 * its challenge (Basic, or a Bearer token for `repository:NAME:pull,push`), then start a blob upload
 * (`POST /v2/NAME/blobs/uploads/`, which must be 202) and cancel it (`DELETE` its Location), so no
 * blob, tag or upload is left behind. A token alone proves nothing: token servers answer 200 with a
 * grant narrower than asked. Never throws for what the registry or network did (that is the result);
 * throws InvalidInputError for malformed input and rethrows the caller's abort.
 */
export async function verifyPushAccess(
  image: string,
  credential: PushCredential,
  init: VerifyPushAccessInit = {},
): Promise<VerifyPushAccessResult> {
  const registry = credential.registry ?? parseImageReference(image).domain;
  const endpoint = registryEndpoint(registry);
  const { repository } = repositoryReference(image, endpoint, registry);
  const state: AuthState & { uploadCancelled?: boolean } = {};
  const finish = (
    outcome: VerifyOutcome,
    message: string,
    extra: Partial<VerifyPushAccessResult> = {},
  ): VerifyPushAccessResult => ({
    ok: outcome === 'ok',
    result: outcome,
    registry,
    endpoint: endpoint.origin,
    repository,
    ...(state.scheme ? { scheme: state.scheme } : {}),
    ...(state.expiresIn === undefined ? {} : { tokenExpiresInSeconds: state.expiresIn }),
    ...(state.uploadCancelled === undefined ? {} : { uploadCancelled: state.uploadCancelled }),
    ...extra,
    message,
  });
  return runCheck(init, endpoint, finish, (http) =>
    check(http, endpoint, credential, repository, state, finish),
  );
}

async function check(
  http: HttpClient,
  endpoint: RegistryEndpoint,
  credential: PushCredential,
  repository: string,
  state: AuthState & { uploadCancelled?: boolean },
  finish: (
    outcome: VerifyOutcome,
    message: string,
    extra?: Partial<VerifyPushAccessResult>,
  ) => VerifyPushAccessResult,
): Promise<VerifyPushAccessResult> {
  const auth = await authorize(
    http,
    endpoint,
    credential,
    `repository:${repository}:pull,push`,
    false,
    state,
    finish,
  );
  if ('result' in auth) return auth.result;
  const { authorization } = auth;
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const start = await http.send(`${endpoint.origin}/v2/${repository}/blobs/uploads/`, {
    method: 'POST',
    headers: { ...headers, 'content-length': '0' },
  });
  if (start.status === 401 || start.status === 403) {
    const error = challengeError(start);
    if (authorization === undefined || error === 'invalid_token') return rejected(finish, start.status);
    return finish(
      'denied',
      `The credentials were accepted, but may not push to ${repository}${error ? ` (${error})` : ''}.`,
      {
        status: start.status,
        hint: 'Use an account with push on the repository (a push robot, a token with write scope, or a role such as AcrPush), or check the repository path.',
      },
    );
  }
  if (start.status === 404) {
    return finish(
      'not-found',
      `${endpoint.host} has no place for ${repository} (404 on starting an upload).`,
      {
        status: 404,
        hint: 'Check the repository path: registries such as Harbor, Quay and Artifact Registry need the project or organisation to exist first.',
      },
    );
  }
  const location = headerText(start.headers.location);
  if (start.status !== 202 || location === '') {
    return unexpected(finish, start, `answered POST /v2/${repository}/blobs/uploads/ with`);
  }
  // The Location may be relative, and may carry the upload's state in its query: use it as given.
  const uploadUrl = new URL(location, start.url).href;
  let cancel = await http.send(uploadUrl, { method: 'DELETE', headers });
  // distribution authorizes every DELETE as the `delete` action, which a push token need not hold:
  // ask for it on its own, so the proof itself stays `pull,push` and a refusal costs only the cleanup.
  if ((cancel.status === 401 || cancel.status === 403) && auth.bearer) {
    const token = await fetchToken(
      http,
      auth.bearer,
      basicAuthorization(credential),
      `repository:${repository}:delete`,
      {},
      finish,
    );
    if (typeof token === 'string') {
      cancel = await http.send(uploadUrl, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
    }
  }
  state.uploadCancelled = cancel.status >= 200 && cancel.status < 300;
  if (!state.uploadCancelled) {
    return finish('ok', `The credentials can push to ${repository} on ${endpoint.host}.`, {
      status: cancel.status,
      hint: `The upload started to prove it could not be cancelled (${cancel.status}${cancel.status === 401 || cancel.status === 403 ? '; the account may not delete' : ''}): it holds no data, and the registry drops unfinished uploads itself (distribution after a week).`,
    });
  }
  return finish('ok', `The credentials can push to ${repository} on ${endpoint.host}.`);
}
