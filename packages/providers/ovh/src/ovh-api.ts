import { PullSecretError, showUntrustedClipped } from '@pull-secret/dockerconfigjson';
import { EndpointTimeoutError, type HttpClient, type HttpResponse, httpClient } from '@pull-secret/http';
import type { OvhEndpoint } from './ovh-endpoint.js';
import { ovhSignature } from './ovh-signature.js';

/** An application's keys (signed API), or an OAuth2 service account. */
export type OvhAuth =
  | { kind: 'signed'; applicationKey: string; applicationSecret: string; consumerKey: string }
  | { kind: 'oauth2'; clientId: string; clientSecret: string };

export interface OvhApiInit {
  endpoint: OvhEndpoint;
  auth: OvhAuth;
  /** Where HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read. */
  env: Readonly<Record<string, string | undefined>>;
  /** Limit for each call, in ms; default 30 000; 0 means none. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** The local clock, in ms (tests). */
  now?: () => number;
}

export interface OvhApi {
  /** A call to the API at `path` (`/cloud/project/…`); the parsed JSON answer, or a PullSecretError. */
  call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * OVH's API, signed with the application's keys or with an OAuth2 bearer token. The signed API checks
 * X-Ovh-Timestamp against its own clock, so the difference from the local clock is taken once from
 * the unsigned `GET /auth/time`.
 */
export function ovhApi(init: OvhApiInit): OvhApi {
  const http = httpClient({
    env: init.env,
    ...(init.timeoutMs === undefined ? {} : { timeoutMs: init.timeoutMs }),
    ...(init.signal ? { signal: init.signal } : {}),
    maxResponseBytes: 256 * 1024,
  });
  const now = init.now ?? Date.now;
  let authorize: Promise<(method: string, url: string, body: string) => Record<string, string>> | undefined;

  const send = async (url: string, request: Parameters<HttpClient['send']>[1]) => {
    try {
      return await http.send(url, request);
    } catch (error) {
      if (init.signal?.aborted) throw init.signal.reason;
      if (error instanceof EndpointTimeoutError) throw error;
      throw new PullSecretError('OVH_UNREACHABLE', `Could not reach the OVH API at ${new URL(url).host}.`, {
        hint: 'Check {{ovh-endpoint}}, the network path and the proxy settings (HTTPS_PROXY, NO_PROXY).',
        cause: error,
      });
    }
  };

  const signedHeaders = async (auth: Extract<OvhAuth, { kind: 'signed' }>) => {
    const time = await send(`${init.endpoint.api}/auth/time`, {
      method: 'GET',
      headers: { accept: 'application/json' },
    });
    const serverTime = Number(time.body.trim());
    if (time.status !== 200 || !Number.isSafeInteger(serverTime)) throw refusal(time, 'GET', '/auth/time');
    const delta = serverTime - Math.floor(now() / 1000);
    return (method: string, url: string, body: string) => {
      const timestamp = Math.floor(now() / 1000) + delta;
      return {
        'x-ovh-application': auth.applicationKey,
        'x-ovh-consumer': auth.consumerKey,
        'x-ovh-timestamp': String(timestamp),
        'x-ovh-signature': ovhSignature({
          applicationSecret: auth.applicationSecret,
          consumerKey: auth.consumerKey,
          method,
          url,
          body,
          timestamp,
        }),
      };
    };
  };

  const bearerHeaders = async (auth: Extract<OvhAuth, { kind: 'oauth2' }>) => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
      scope: 'all',
    });
    const answer = await send(init.endpoint.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const token = answer.status === 200 ? jsonField(answer.body, 'access_token') : undefined;
    if (token === undefined) {
      throw new PullSecretError(
        'OVH_OAUTH2_REFUSED',
        `OVH refused the OAuth2 service account (HTTP ${answer.status}${oauthError(answer.body)}).`,
        {
          hint: 'Check {{ovh-client-id}} and {{ovh-client-secret}}, and that {{ovh-endpoint}} is the region the service account was made in.',
        },
      );
    }
    return () => ({ authorization: `Bearer ${token}` });
  };

  return {
    async call(method, path, body) {
      authorize ??= init.auth.kind === 'signed' ? signedHeaders(init.auth) : bearerHeaders(init.auth);
      const headersFor = await authorize;
      const url = `${init.endpoint.api}${path}`;
      const text = body === undefined ? '' : JSON.stringify(body);
      const response = await send(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headersFor(method, url, text),
        },
        ...(body === undefined ? {} : { body: text }),
      });
      if (response.status < 200 || response.status > 299) throw refusal(response, method, path);
      try {
        return JSON.parse(response.body) as unknown;
      } catch {
        throw new PullSecretError('OVH_BAD_RESPONSE', `OVH answered ${method} ${path} without JSON.`, {
          hint: 'Check that {{ovh-endpoint}} is the OVH API (e.g. https://eu.api.ovh.com/1.0).',
        });
      }
    },
    close: () => http.close(),
  };
}

/** OVH's error answer worded for the user; the API's own message is quoted with control characters escaped. */
function refusal(response: HttpResponse, method: string, path: string): PullSecretError {
  const code = jsonField(response.body, 'errorCode');
  const said = jsonField(response.body, 'message');
  const quoted = said === undefined ? '' : `: ${printable(said)}`;
  const at = `${method} ${path}`;
  const known: Record<string, [string, string]> = {
    INVALID_CREDENTIAL: [
      'OVH refused the consumer key: it has expired, was revoked, or belongs to another application.',
      'Create a new consumer key for {{ovh-application-key}} with GET and POST on /cloud/project/*/containerRegistry/* (POST /auth/credential), validate it, and give it in {{ovh-consumer-key}}.',
    ],
    NOT_GRANTED_CALL: [
      `The consumer key may not call ${at}.`,
      'Ask for a consumer key with GET and POST on /cloud/project/*/containerRegistry/*, and give it in {{ovh-consumer-key}}.',
    ],
    INVALID_SIGNATURE: [
      'OVH refused the request signature.',
      'Check {{ovh-application-secret}}: it must be the secret of {{ovh-application-key}}.',
    ],
    QUERY_TIME_OUT: [
      'OVH refused the request time, even corrected by its /auth/time.',
      'Check that nothing between this machine and the API delays requests, and retry.',
    ],
    INVALID_KEY: [
      'OVH does not know the application key.',
      'Check {{ovh-application-key}} and that {{ovh-endpoint}} is the region the application was created in.',
    ],
  };
  const [message, hint] =
    (code !== undefined ? known[code] : undefined) ??
    (response.status === 409 && path.endsWith('/users')
      ? [
          `OVH already has that registry user${quoted}.`,
          'Its password was shown once, when it was made: choose another {{ovh-user-login}}, or delete the user in the OVHcloud Control Panel first.',
        ]
      : response.status === 404
        ? [
            `OVH has nothing at ${at}${quoted}.`,
            'Check {{ovh-project}} (the Public Cloud project id) and {{ovh-registry-id}}, and that the credentials belong to that account.',
          ]
        : response.status === 401 || response.status === 403
          ? [
              `OVH refused ${at} (HTTP ${response.status})${quoted}.`,
              'Check the credentials and their rights on /cloud/project/*/containerRegistry/*.',
            ]
          : [
              `OVH answered ${at} with HTTP ${response.status}${quoted}.`,
              'Retry later; if it persists, check the OVH status page.',
            ]);
  return new PullSecretError(code ? `OVH_${code}` : 'OVH_API_ERROR', message, {
    hint,
    fields: { status: response.status },
  });
}

function jsonField(text: string, field: string): string | undefined {
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[field];
    return typeof value === 'string' && value !== '' ? value : undefined;
  } catch {
    return undefined;
  }
}

function oauthError(text: string): string {
  const error = jsonField(text, 'error');
  return error === undefined ? '' : `, ${printable(error)}`;
}

const printable = (text: string): string => showUntrustedClipped(text, 200);
