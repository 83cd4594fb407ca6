import {
  EndpointTimeoutError,
  type HttpClient,
  type HttpResponse,
  httpClient,
  RedirectLoopError,
} from '@pull-secret/http';
import { type RegistryEndpoint, registryEndpoint, repositoryReference } from './registry-endpoint.js';
import { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate.js';

/** What a pull attempt came to; the CLI prints the same words. */
export type VerifyOutcome =
  | 'ok'
  | 'unauthorized'
  | 'denied'
  | 'not-found'
  | 'tls'
  | 'unreachable'
  | 'protocol';

export interface VerifyPullAccessInit {
  /** A registry key (`ghcr.io`, `host:5000`, `https://index.docker.io/v1/`) or URL (`http://` for plain HTTP). */
  registry: string;
  username: string;
  password: string;
  /** The repository to prove pull on; without it only the login is checked, as `docker login` does. */
  repository?: string;
  /** Tag or digest (default `latest`); may also be given in `repository` as `REPO:TAG` or `REPO@DIGEST`. */
  reference?: string;
  /** PEM certificates to trust on top of Node's roots (a private CA). */
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  /** For the whole check, every request included (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY come from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
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

const DEFAULT_TIMEOUT_MS = 30_000;

const TLS_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

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
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // 0 means no limit, as for every network call.
  const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : new AbortController().signal;
  const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  const http = httpClient({
    ...(init.ca === undefined ? {} : { ca: init.ca }),
    insecureSkipTLSVerify: init.insecureSkipTLSVerify === true,
    env: init.env ?? process.env,
    signal,
    timeoutMs,
    // Registries answer with JSON tokens and short errors; a bigger body is not a registry's.
    maxResponseBytes: 64 * 1024,
  });
  const base = {
    registry: init.registry,
    endpoint: endpoint.origin,
    ...(target ?? {}),
  };
  const state: { scheme?: VerifyPullAccessResult['scheme']; expiresIn?: number } = {};
  const finish = (outcome: VerifyOutcome, message: string, extra: Partial<VerifyPullAccessResult> = {}) => ({
    ok: outcome === 'ok',
    result: outcome,
    ...base,
    ...(state.scheme ? { scheme: state.scheme } : {}),
    ...(state.expiresIn === undefined ? {} : { tokenExpiresInSeconds: state.expiresIn }),
    ...extra,
    message,
  });
  try {
    return await check(http, endpoint, init, target, state, finish);
  } catch (error) {
    if (init.signal?.aborted) throw init.signal.reason;
    if (timeout.aborted || error instanceof EndpointTimeoutError) {
      return finish('unreachable', `${endpoint.host} did not answer within ${timeoutMs} ms.`, {
        hint: 'Check the address and the network path (proxy, firewall), or raise the timeout.',
      });
    }
    return transportFailure(error, endpoint, finish);
  } finally {
    await http.close().catch(() => {});
  }
}

type Finish = (
  outcome: VerifyOutcome,
  message: string,
  extra?: Partial<VerifyPullAccessResult>,
) => VerifyPullAccessResult;

async function check(
  http: HttpClient,
  endpoint: RegistryEndpoint,
  init: VerifyPullAccessInit,
  target: { repository: string; reference: string } | undefined,
  state: { scheme?: VerifyPullAccessResult['scheme']; expiresIn?: number },
  finish: Finish,
): Promise<VerifyPullAccessResult> {
  const basic = `Basic ${Buffer.from(`${init.username}:${init.password}`, 'utf8').toString('base64')}`;
  const ping = await http.send(`${endpoint.origin}/v2/`, { method: 'GET', headers: {} });
  let authorization: string | undefined;
  if (ping.status === 200) {
    state.scheme = 'none';
  } else if (ping.status === 401) {
    const challenges = parseWwwAuthenticate(headerText(ping.headers['www-authenticate']));
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    if (bearer) {
      state.scheme = 'bearer';
      const token = await fetchToken(http, bearer, basic, target, state, finish);
      if (typeof token !== 'string') return token;
      authorization = `Bearer ${token}`;
    } else if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      state.scheme = 'basic';
      authorization = basic;
    } else {
      return unexpected(finish, ping, 'asked for authentication without a Basic or Bearer challenge');
    }
  } else {
    return unexpected(finish, ping, 'is not a registry API: GET /v2/ answered');
  }

  // Basic: log in first, so that a wrong password is told apart from a missing permission (for
  // Bearer the token server did that). Without a repository, the login is all that is checked.
  if (authorization !== undefined && (state.scheme === 'basic' || !target)) {
    const login = await http.send(`${endpoint.origin}/v2/`, { method: 'GET', headers: { authorization } });
    if (login.status === 401 || login.status === 403) return rejected(finish, login.status);
    if (login.status !== 200) return unexpected(finish, login, 'answered GET /v2/ with the credentials with');
  }
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
    const error = parseWwwAuthenticate(headerText(head.headers['www-authenticate'])).find(
      (challenge) => challenge.params.error !== undefined,
    )?.params.error;
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

async function fetchToken(
  http: HttpClient,
  challenge: AuthChallenge,
  basic: string,
  target: { repository: string } | undefined,
  state: { expiresIn?: number },
  finish: Finish,
): Promise<string | VerifyPullAccessResult> {
  const realm = challenge.params.realm;
  let url: URL;
  try {
    url = new URL(realm ?? '');
  } catch {
    return finish('protocol', 'The registry’s Bearer challenge has no usable realm.', {
      status: 401,
      hint: 'The registry is misconfigured; report it to its operator.',
    });
  }
  if (challenge.params.service !== undefined) url.searchParams.set('service', challenge.params.service);
  if (target) url.searchParams.set('scope', `repository:${target.repository}:pull`);
  const answer = await http.send(url.href, { method: 'GET', headers: { authorization: basic } });
  if (answer.status === 401 || answer.status === 403) return rejected(finish, answer.status);
  if (answer.status !== 200) return unexpected(finish, answer, 'The token server answered', true);
  let body: { token?: unknown; access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(answer.body);
  } catch {
    return unexpected(finish, answer, 'The token server answered without JSON, status', true);
  }
  const token = typeof body.token === 'string' && body.token !== '' ? body.token : body.access_token;
  if (typeof token !== 'string' || token === '') {
    return unexpected(finish, answer, 'The token server gave no token, status', true);
  }
  if (typeof body.expires_in === 'number' && body.expires_in > 0) state.expiresIn = body.expires_in;
  return token;
}

function rejected(finish: Finish, status: number): VerifyPullAccessResult {
  return finish('unauthorized', 'The registry rejected the username or password.', {
    status,
    hint: 'Check for a typo, an expired or revoked token, or a robot account name with its prefix (robot$…).',
  });
}

function unexpected(
  finish: Finish,
  response: HttpResponse,
  what: string,
  whole = false,
): VerifyPullAccessResult {
  const host = new URL(response.url).host;
  return finish('protocol', whole ? `${what} ${response.status}.` : `${host} ${what} ${response.status}.`, {
    status: response.status,
    hint: 'Check that the server is the registry (not a proxy or web page) and that its API is at /v2/.',
  });
}

function transportFailure(
  error: unknown,
  endpoint: RegistryEndpoint,
  finish: Finish,
): VerifyPullAccessResult {
  if (error instanceof RedirectLoopError) return finish('protocol', error.message);
  const code = errorCode(error);
  if (code !== undefined && TLS_ERRORS.has(code)) {
    return finish('tls', `The certificate of ${endpoint.host} is not trusted (${code}).`, {
      hint: 'Pass the registry’s CA with {{ca-file}} (pull-secret can fetch the chain it presents); for KubeVirt CDI, put the CA in a ConfigMap and name it in the DataVolume’s certConfigMap.',
    });
  }
  if (code?.startsWith('ERR_SSL') || code === 'EPROTO') {
    return finish('protocol', `TLS with ${endpoint.host} failed (${code}).`, {
      hint: 'If the registry speaks plain HTTP, give the server as http://HOST:PORT.',
    });
  }
  const detail = code ?? (error as Error)?.message ?? String(error);
  return finish('unreachable', `Could not reach ${endpoint.host} (${detail}).`, {
    hint: 'Check the host and port, DNS, and the proxy settings (HTTPS_PROXY, NO_PROXY).',
  });
}

/** The first Node/OpenSSL error code in an error or its causes. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && !code.startsWith('UND_ERR')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const undici = (error as { code?: unknown })?.code;
  return typeof undici === 'string' ? undici : undefined;
}

function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
