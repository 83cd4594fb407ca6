import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateTlsMaterial } from '@pull-secret/kube-test-server';
import { closeServer } from '../close-server.js';

export interface OvhTestApplication {
  applicationKey: string;
  applicationSecret: string;
}

export interface OvhTestConsumerKey {
  consumerKey: string;
  applicationKey: string;
  /** An expired (or revoked) key: every call with it gets 403 INVALID_CREDENTIAL. */
  expired?: boolean;
}

export interface OvhTestRegistry {
  id: string;
  name: string;
  /** `https://xxxx.c1.gra9.container-registry.ovh.net` */
  url: string;
}

export interface OvhTestServerOptions {
  applications?: readonly OvhTestApplication[];
  consumerKeys?: readonly OvhTestConsumerKey[];
  /** OAuth2 service accounts (client credentials grant). */
  serviceAccounts?: readonly { clientId: string; clientSecret: string }[];
  /** Public Cloud projects and their Managed Private Registries. */
  projects?: Readonly<Record<string, readonly OvhTestRegistry[]>>;
  /** How far the server's clock is ahead of this machine's, in seconds (default 0). */
  clockOffsetSeconds?: number;
  /** How far X-Ovh-Timestamp may be from the server's clock, in seconds (default 30). */
  allowedDriftSeconds?: number;
}

/** One request as the server saw it: no secret, no signature, no token. */
export interface OvhRequestLogEntry {
  method: string;
  path: string;
  auth: 'signed' | 'bearer' | 'none';
  status: number;
  errorCode?: string;
}

export interface OvhCreatedUser {
  project: string;
  registryId: string;
  login: string;
  email: string;
  /** The Harbor user name OVH answers with. */
  user: string;
  /** The password, answered once. */
  password: string;
}

export interface OvhTestServer {
  /** `https://127.0.0.1:PORT/1.0`, what `--ovh-endpoint` takes. */
  url: string;
  caPem: string;
  requests: OvhRequestLogEntry[];
  users: OvhCreatedUser[];
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: unknown;
  errorCode?: string;
}

const ovhError = (status: number, errorCode: string, message: string): Reply => ({
  status,
  errorCode,
  body: {
    errorCode,
    httpCode: `${status} ${status === 400 ? 'Bad Request' : status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Conflict'}`,
    message,
  },
});

/**
 * OVH's API (`/1.0`) for Managed Private Registry users, on 127.0.0.1 over TLS: `GET /auth/time`
 * (unsigned), requests signed with X-Ovh-Application, -Consumer, -Timestamp and -Signature (checked:
 * the `$1$` SHA-1 signature, the consumer key's application and expiry, the timestamp within the
 * allowed drift of the server's clock), or with a bearer token from the OAuth2 client-credentials
 * endpoint `/auth/oauth2/token`. Errors are OVH's JSON `{errorCode, httpCode, message}`.
 */
export async function startOvhTestServer(options: OvhTestServerOptions = {}): Promise<OvhTestServer> {
  const tls = generateTlsMaterial();
  const applications = new Map(
    (options.applications ?? []).map((a) => [a.applicationKey, a.applicationSecret]),
  );
  const consumers = new Map((options.consumerKeys ?? []).map((c) => [c.consumerKey, c]));
  const clients = new Map((options.serviceAccounts ?? []).map((c) => [c.clientId, c.clientSecret]));
  const projects = options.projects ?? {};
  const drift = options.allowedDriftSeconds ?? 30;
  const serverNow = () => Math.floor(Date.now() / 1000) + (options.clockOffsetSeconds ?? 0);
  const tokens = new Set<string>();
  const requests: OvhRequestLogEntry[] = [];
  const users: OvhCreatedUser[] = [];

  const authenticate = (req: IncomingMessage, url: string, body: string): Reply | 'signed' | 'bearer' => {
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (bearer !== undefined) {
      return tokens.has(bearer)
        ? 'bearer'
        : ovhError(401, 'INVALID_CREDENTIAL', 'This credential is not valid');
    }
    const header = (name: string) => {
      const value = req.headers[name];
      return typeof value === 'string' ? value : undefined;
    };
    const applicationKey = header('x-ovh-application');
    const secret = applicationKey === undefined ? undefined : applications.get(applicationKey);
    if (secret === undefined) return ovhError(403, 'INVALID_KEY', 'This application key is invalid');
    const consumerKey = header('x-ovh-consumer') ?? '';
    const consumer = consumers.get(consumerKey);
    if (!consumer || consumer.applicationKey !== applicationKey || consumer.expired) {
      return ovhError(403, 'INVALID_CREDENTIAL', 'This credential is not valid');
    }
    const timestamp = Number(header('x-ovh-timestamp'));
    if (!Number.isSafeInteger(timestamp) || Math.abs(timestamp - serverNow()) > drift) {
      return ovhError(400, 'QUERY_TIME_OUT', 'Query out of time');
    }
    const expected = `$1$${createHash('sha1').update(`${secret}+${consumerKey}+${req.method}+${url}+${body}+${timestamp}`).digest('hex')}`;
    const given = Buffer.from(header('x-ovh-signature') ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected))) {
      return ovhError(400, 'INVALID_SIGNATURE', 'Invalid signature');
    }
    return 'signed';
  };

  const route = (method: string, path: string, body: string): Reply => {
    const registries = /^\/1\.0\/cloud\/project\/([^/]+)\/containerRegistry(?:\/([^/]+)(\/users)?)?$/.exec(
      path,
    );
    if (!registries) return ovhError(404, 'NOT_FOUND', `The requested object (${path}) does not exist`);
    const [, project, registryId, usersPath] = registries.map((part) =>
      part === undefined ? undefined : decodeURIComponent(part),
    );
    const list = projects[project!];
    if (!list) return ovhError(404, 'NOT_FOUND', `This service does not exist`);
    if (registryId === undefined) {
      return method === 'GET'
        ? { status: 200, body: list.map(describe(project!)) }
        : ovhError(405, 'METHOD', 'Method not allowed');
    }
    const registry = list.find((candidate) => candidate.id === registryId);
    if (!registry)
      return ovhError(404, 'NOT_FOUND', `The requested object (registryID = ${registryId}) does not exist`);
    if (!usersPath)
      return method === 'GET'
        ? { status: 200, body: describe(project!)(registry) }
        : ovhError(405, 'METHOD', 'Method not allowed');
    if (method !== 'POST') return ovhError(405, 'METHOD', 'Method not allowed');
    let create: { email?: unknown; login?: unknown };
    try {
      create = JSON.parse(body);
    } catch {
      return ovhError(400, 'BAD_REQUEST', 'Invalid JSON');
    }
    if (
      typeof create.login !== 'string' ||
      typeof create.email !== 'string' ||
      Object.keys(create).some((k) => k !== 'login' && k !== 'email')
    ) {
      return ovhError(400, 'BAD_REQUEST', 'Body must be {email, login}');
    }
    if (users.some((user) => user.registryId === registryId && user.login === create.login)) {
      return ovhError(409, 'CONFLICT', `User ${create.login} already exists`);
    }
    const user: OvhCreatedUser = {
      project: project!,
      registryId,
      login: create.login,
      email: create.email,
      user: create.login,
      password: `CANARY-ovh-once-${randomBytes(9).toString('base64url')}`,
    };
    users.push(user);
    return {
      status: 200,
      body: { id: String(users.length), user: user.user, email: user.email, password: user.password },
    };
  };

  const handle = (req: IncomingMessage, body: string): { reply: Reply; auth: OvhRequestLogEntry['auth'] } => {
    const path = (req.url ?? '/').split('?')[0]!;
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/1.0/auth/time')
      return { reply: { status: 200, body: serverNow() }, auth: 'none' };
    if (method === 'POST' && path === '/auth/oauth2/token') {
      const form = new URLSearchParams(body);
      const secret = clients.get(form.get('client_id') ?? '');
      if (form.get('grant_type') !== 'client_credentials') {
        return { reply: { status: 400, body: { error: 'unsupported_grant_type' } }, auth: 'none' };
      }
      if (secret === undefined || secret !== form.get('client_secret')) {
        return { reply: { status: 401, body: { error: 'invalid_client' } }, auth: 'none' };
      }
      const token = `ovh-test-token-${randomBytes(12).toString('base64url')}`;
      tokens.add(token);
      return {
        reply: {
          status: 200,
          body: { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: 'all' },
        },
        auth: 'none',
      };
    }
    const auth = authenticate(req, `https://${req.headers.host}${req.url}`, body);
    if (typeof auth !== 'string')
      return { reply: auth, auth: req.headers.authorization ? 'bearer' : 'signed' };
    return { reply: route(method, path, body), auth };
  };

  const server = createServer(
    { key: tls.keyPem, cert: tls.certPem },
    (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { reply, auth } = handle(req, Buffer.concat(chunks).toString('utf8'));
        requests.push({
          method: req.method ?? '',
          path: (req.url ?? '/').split('?')[0]!,
          auth,
          status: reply.status,
          ...(reply.errorCode ? { errorCode: reply.errorCode } : {}),
        });
        res
          .writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' })
          .end(JSON.stringify(reply.body));
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}/1.0`,
    caPem: tls.caPem,
    requests,
    users,
    close: () => closeServer(server),
  };
}

function describe(project: string) {
  return (registry: OvhTestRegistry) => ({
    id: registry.id,
    name: registry.name,
    projectID: project,
    region: 'GRA',
    status: 'READY',
    url: registry.url,
    version: '2.10.1',
    size: 0,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  });
}
