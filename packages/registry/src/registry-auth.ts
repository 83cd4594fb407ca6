import {
  EndpointTimeoutError,
  type HttpClient,
  type HttpResponse,
  httpClient,
  RedirectLoopError,
} from '@pull-secret/http';
import type { RegistryEndpoint } from './registry-endpoint.js';
import { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate.js';

/** What a registry check came to; the CLI prints the same words. */
export type VerifyOutcome =
  | 'ok'
  | 'unauthorized'
  | 'denied'
  | 'not-found'
  | 'tls'
  | 'unreachable'
  | 'protocol';

/** The parts of a check's result the shared steps fill in. */
export interface CheckDetail {
  status?: number;
  hint?: string;
}

/** Builds a check's result; each check (pull, push) has its own shape around these fields. */
export type Finish<R> = (outcome: VerifyOutcome, message: string, extra?: CheckDetail) => R;

/** What the challenge step learnt, kept for the result. */
export interface AuthState {
  scheme?: 'basic' | 'bearer' | 'none';
  expiresIn?: number;
}

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
 * `GET /v2/` and the answer to its challenge: no header when the registry needs none, Basic, or a
 * Bearer token from the realm for `scope` (`repository:NAME:pull` or `…:pull,push`). With `login`, a
 * Basic login is tried on `/v2/` first, so that a wrong password is told apart from a missing
 * permission (for Bearer the token server did that). Returns the Authorization header to send, or the
 * check's final result.
 */
export async function authorize<R>(
  http: HttpClient,
  endpoint: RegistryEndpoint,
  credential: { username: string; password: string },
  scope: string | undefined,
  login: boolean,
  state: AuthState,
  finish: Finish<R>,
): Promise<{ authorization: string | undefined; bearer?: AuthChallenge } | { result: R }> {
  const basic = basicAuthorization(credential);
  const ping = await http.send(`${endpoint.origin}/v2/`, { method: 'GET', headers: {} });
  let authorization: string | undefined;
  if (ping.status === 200) {
    state.scheme = 'none';
  } else if (ping.status === 401) {
    const challenges = parseWwwAuthenticate(headerText(ping.headers['www-authenticate']));
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer');
    if (bearer) {
      state.scheme = 'bearer';
      const token = await fetchToken(http, bearer, basic, scope, state, finish);
      if (typeof token !== 'string') return { result: token };
      authorization = `Bearer ${token}`;
    } else if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      state.scheme = 'basic';
      authorization = basic;
    } else {
      return {
        result: unexpected(finish, ping, 'asked for authentication without a Basic or Bearer challenge'),
      };
    }
  } else {
    return { result: unexpected(finish, ping, 'is not a registry API: GET /v2/ answered') };
  }
  if (authorization !== undefined && (state.scheme === 'basic' || login)) {
    const answer = await http.send(`${endpoint.origin}/v2/`, { method: 'GET', headers: { authorization } });
    if (answer.status === 401 || answer.status === 403) return { result: rejected(finish, answer.status) };
    if (answer.status !== 200) {
      return { result: unexpected(finish, answer, 'answered GET /v2/ with the credentials with') };
    }
  }
  return { authorization, ...(state.scheme === 'bearer' ? { bearer: challengeOf(ping) } : {}) };
}

function challengeOf(response: HttpResponse): AuthChallenge | undefined {
  return parseWwwAuthenticate(headerText(response.headers['www-authenticate'])).find(
    (challenge) => challenge.scheme === 'bearer',
  );
}

export function basicAuthorization(credential: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64')}`;
}

/** A token from a Bearer challenge's realm for `scope`, or the check's final result. */
export async function fetchToken<R>(
  http: HttpClient,
  challenge: AuthChallenge,
  basic: string,
  scope: string | undefined,
  state: AuthState,
  finish: Finish<R>,
): Promise<string | R> {
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
  if (scope !== undefined) url.searchParams.set('scope', scope);
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

/** The `error` a registry's 401/403 names in its challenge (`insufficient_scope`, `invalid_token`). */
export function challengeError(response: HttpResponse): string | undefined {
  return parseWwwAuthenticate(headerText(response.headers['www-authenticate'])).find(
    (challenge) => challenge.params.error !== undefined,
  )?.params.error;
}

export function rejected<R>(finish: Finish<R>, status: number): R {
  return finish('unauthorized', 'The registry rejected the username or password.', {
    status,
    hint: 'Check for a typo, an expired or revoked token, or a robot account name with its prefix (robot$…).',
  });
}

export function unexpected<R>(finish: Finish<R>, response: HttpResponse, what: string, whole = false): R {
  const host = new URL(response.url).host;
  return finish('protocol', whole ? `${what} ${response.status}.` : `${host} ${what} ${response.status}.`, {
    status: response.status,
    hint: 'Check that the server is the registry (not a proxy or web page) and that its API is at /v2/.',
  });
}

export function transportFailure<R>(error: unknown, endpoint: RegistryEndpoint, finish: Finish<R>): R {
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

export function headerText(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}

/** How a pull or push check talks to the registry. */
export interface CheckInit {
  /** PEM certificates to trust on top of Node's roots (a private CA). */
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  /** For the whole check, every request included (default 30 s); 0 means no limit. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY come from (default process.env). */
  env?: Readonly<Record<string, string | undefined>>;
}

const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

/**
 * Runs one check with a client of its own under one time limit, and turns what the registry or the
 * network did into the check's result; only the caller's own abort is thrown.
 */
export async function runCheck<R>(
  init: CheckInit,
  endpoint: RegistryEndpoint,
  finish: Finish<R>,
  check: (http: HttpClient) => Promise<R>,
): Promise<R> {
  const timeoutMs = init.timeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  // 0 means no limit, as for every network call.
  const timeout = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : new AbortController().signal;
  const http = httpClient({
    ...(init.ca === undefined ? {} : { ca: init.ca }),
    insecureSkipTLSVerify: init.insecureSkipTLSVerify === true,
    env: init.env ?? process.env,
    signal: init.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    timeoutMs,
    // Registries answer with JSON tokens and short errors; a bigger body is not a registry's.
    maxResponseBytes: 64 * 1024,
  });
  try {
    return await check(http);
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
