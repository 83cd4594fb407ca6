import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { EndpointTimeoutError, endpointOrigin, httpClient } from '@pull-secret/http';
import { printable } from './harbor-names.js';

export interface HarborApiInit {
  /** `https://harbor.example.com`, maybe with a path Harbor is served under. */
  url: string;
  username: string;
  password: string;
  /** Where HTTPS_PROXY, NO_PROXY and NODE_EXTRA_CA_CERTS are read. */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface HarborAnswer {
  status: number;
  /** The parsed JSON body, or undefined when there is none or it is not JSON. */
  json: unknown;
}

export interface HarborApi {
  /** `path` under `/api/v2.0`. Any HTTP status comes back; only an unreachable Harbor throws. */
  call(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<HarborAnswer>;
  /** The origin, for messages. */
  origin: string;
  close(): Promise<void>;
}

/** Harbor's REST API v2.0 with Basic auth, through the shared HTTP layer (CAs, proxies, time limits). */
export function harborApi(init: HarborApiInit): HarborApi {
  const http = httpClient({
    env: init.env,
    ...(init.timeoutMs === undefined ? {} : { timeoutMs: init.timeoutMs }),
    ...(init.signal ? { signal: init.signal } : {}),
    maxResponseBytes: 1024 * 1024,
  });
  const base = `${init.url.replace(/\/+$/, '')}/api/v2.0`;
  const origin = endpointOrigin(init.url);
  const authorization = `Basic ${Buffer.from(`${init.username}:${init.password}`).toString('base64')}`;
  return {
    origin,
    async call(method, path, { body, headers } = {}) {
      let response: { status: number; body: string };
      try {
        response = await http.send(`${base}${path}`, {
          method,
          headers: {
            authorization,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (error) {
        if (init.signal?.aborted) throw init.signal.reason;
        if (error instanceof EndpointTimeoutError) throw error;
        throw new PullSecretError('HARBOR_UNREACHABLE', `Could not reach Harbor at ${origin}.`, {
          hint: 'Check {{harbor-url}}, and that this machine reaches it over HTTPS (proxy, DNS; a private CA goes in NODE_EXTRA_CA_CERTS).',
          cause: error,
        });
      }
      let json: unknown;
      try {
        json = response.body === '' ? undefined : JSON.parse(response.body);
      } catch {
        json = undefined;
      }
      return { status: response.status, json };
    },
    close: () => http.close(),
  };
}

/** What the robot calls were about, for the one sentence a refusal becomes. */
export interface RefusalContext {
  origin: string;
  username: string;
  project: string;
  /** `create a robot account in project team`, `rotate robot$team+ci's secret`. */
  action: string;
}

/**
 * A refusal from Harbor as one sentence and a hint: who was refused what, never a secret. Harbor's own
 * message is shown (escaped, short) where it adds to the status.
 */
export function harborRefusal(answer: HarborAnswer, context: RefusalContext): PullSecretError {
  const user = printable(context.username);
  const detail = harborMessage(answer.json);
  switch (answer.status) {
    case 401:
      return new PullSecretError(
        'HARBOR_UNAUTHORIZED',
        `Harbor at ${context.origin} refused the login of ${user} (HTTP 401).`,
        {
          hint: 'Check {{harbor-username}} and its password ({{harbor-password-file}} or HARBOR_PASSWORD); an OIDC user signs in to the API with its CLI secret, not its IdP password.',
          fields: { status: 401 },
        },
      );
    case 403:
      return new PullSecretError('HARBOR_FORBIDDEN', `${user} may not ${context.action} (HTTP 403).`, {
        hint: `Use a Harbor administrator, a Project Admin of ${context.project}, or a system robot account with the robot permissions (create, list, update) on ${context.project}.`,
        fields: { status: 403 },
      });
    case 404:
      return new PullSecretError(
        'HARBOR_PROJECT_NOT_FOUND',
        `Harbor at ${context.origin} has no project ${printable(context.project)}, or ${user} cannot see it (HTTP 404).`,
        {
          hint: 'Check {{harbor-project}}: it is the first path part of the images, as in HOST/PROJECT/REPOSITORY.',
          fields: { status: 404 },
        },
      );
    default:
      return new PullSecretError(
        'HARBOR_REFUSED',
        `Harbor at ${context.origin} refused to ${context.action} (HTTP ${answer.status}${detail ? `: ${detail}` : ''}).`,
        {
          hint:
            answer.status >= 500
              ? "Try again later; Harbor's core log says why."
              : 'Check the harbor options against what the Harbor server expects; {{harbor-url}} must be the Harbor portal, not a proxy in front of the registry only.',
          fields: { status: answer.status },
        },
      );
  }
}

/** The first `message` of Harbor's `{"errors":[{"code","message"}]}`, escaped and cut short. */
function harborMessage(json: unknown): string | undefined {
  const first = (json as { errors?: { message?: unknown }[] } | undefined)?.errors?.[0]?.message;
  return typeof first === 'string' && first !== '' ? printable(first) : undefined;
}
