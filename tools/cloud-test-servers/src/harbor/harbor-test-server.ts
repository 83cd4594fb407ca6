import { createPrivateKey, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { generateTlsMaterial } from '@pull-secret/kube-test-server';
import { signRegistryToken } from '@pull-secret/test-registry';
import { closeServer } from '../close-server.js';
import { loadSwaggerContract, type SwaggerContract } from './swagger-contract.js';

export interface HarborTestUser {
  username: string;
  password: string;
  /** A Harbor system administrator: every project, every robot. */
  admin?: boolean;
  /** Projects where the user is Project Admin (may manage their robots, pull and push). */
  projectAdmin?: readonly string[];
}

export interface HarborTestServerOptions {
  /** Project names; IDs are given in order from 1. */
  projects: readonly string[];
  users: readonly HarborTestUser[];
  /** Harbor's `robot_name_prefix`; default `robot$`. */
  robotPrefix?: string;
  /** Days a robot lives when its request has no duration (Harbor's `robot_token_duration`); default 30. */
  defaultRobotDays?: number;
  /** The TLS material to serve with (default: made here); hand it to the registry so one CA covers both. */
  tls?: { certPem: string; keyPem: string; caPem: string };
}

export interface HarborTestRobot {
  id: number;
  /** Stored as Harbor stores a project robot: `project+name`; the API shows it with the prefix. */
  storedName: string;
  projectId: number;
  secret: string;
  description: string;
  duration: number;
  expiresAt: number;
  disable: boolean;
  permissions: { kind: string; namespace: string; access: { resource: string; action: string }[] }[];
  creationTime: string;
  updateTime: string;
}

/** One request: no password, secret or token, ever. */
export interface HarborRequestLogEntry {
  method: string;
  path: string;
  /** The `q` query, which is no secret. */
  q?: string;
  /** The Basic user, or null. */
  username: string | null;
  status: number;
}

export interface HarborTestServer {
  /** `https://127.0.0.1:PORT`, Harbor's URL (the API is under /api/v2.0). */
  url: string;
  caPem: string;
  tls: { certPem: string; keyPem: string; caPem: string };
  /** Harbor's token service, for `startTestRegistry({ mode: 'token', tokenService, tls })`. */
  tokenService: {
    realm: string;
    service: string;
    issuer: string;
    signingCaPem: string;
    pusher: { username: string; password: string };
  };
  robots: HarborTestRobot[];
  /** Every robot secret handed out, in order: what canary checks look for. */
  issuedSecrets: string[];
  requests: HarborRequestLogEntry[];
  /** What did not match Harbor's swagger: requests received and responses sent. Tests expect it empty. */
  violations: string[];
  close(): Promise<void>;
}

const API = '/api/v2.0';
const NAME = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * A Harbor API v2.0 subset on loopback HTTPS, as Harbor's robot handlers behave: `GET /projects/{name}`,
 * `POST /robots` (201, 400, 401, 403, 404, 409), `GET /robots?q=Level=project,ProjectID=N,name=~x`,
 * `GET /robots/{id}`, `PATCH /robots/{id}` (RefreshSec), with Basic auth; and `/service/token`, the
 * Docker token service a registry trusts, granting robots what their permissions say. Every request
 * body and every response body is checked against Harbor's real swagger (`violations`).
 */
export async function startHarborTestServer(options: HarborTestServerOptions): Promise<HarborTestServer> {
  const contract: SwaggerContract = loadSwaggerContract();
  const tls = options.tls ?? generateTlsMaterial();
  const signing = generateTlsMaterial();
  const signingKey = createPrivateKey(signing.keyPem);
  const prefix = options.robotPrefix ?? 'robot$';
  const defaultDays = options.defaultRobotDays ?? 30;
  const projects = options.projects.map((name, i) => ({ id: i + 1, name }));
  const robots: HarborTestRobot[] = [];
  const issuedSecrets: string[] = [];
  const requests: HarborRequestLogEntry[] = [];
  const violations: string[] = [];
  const service = 'harbor-registry';
  const issuer = 'harbor-token-issuer';
  let nextRobotId = 1;

  type Caller =
    | { kind: 'user'; user: HarborTestUser }
    | { kind: 'robot'; robot: HarborTestRobot }
    | undefined;
  const authenticate = (header: string | undefined): Caller | 'bad' => {
    const basic = parseBasic(header);
    if (!basic) return undefined;
    const user = options.users.find((candidate) => candidate.username === basic.username);
    if (user) return user.password === basic.password ? { kind: 'user', user } : 'bad';
    const robot = robots.find((candidate) => prefix + candidate.storedName === basic.username);
    const live = robot && !robot.disable && (robot.expiresAt === -1 || robot.expiresAt > nowSeconds());
    return robot && live && robot.secret === basic.password ? { kind: 'robot', robot } : 'bad';
  };
  const mayManage = (caller: Caller, projectName: string) =>
    caller?.kind === 'user' &&
    (caller.user.admin === true || (caller.user.projectAdmin ?? []).includes(projectName));
  const robotView = (robot: HarborTestRobot) => ({
    id: robot.id,
    name: prefix + robot.storedName,
    description: robot.description,
    level: 'project',
    duration: robot.duration,
    editable: true,
    disable: robot.disable,
    expires_at: robot.expiresAt,
    permissions: robot.permissions,
    creator_type: 'local',
    creator_ref: 1,
    creation_time: robot.creationTime,
    update_time: robot.updateTime,
  });
  const newSecret = () => {
    // Harbor's GenerateRandomString: 32 letters and digits; here always with each kind, as RobotSec asks.
    const secret = `Aa1${randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`.slice(0, 32);
    issuedSecrets.push(secret);
    return secret;
  };

  interface Answer {
    status: number;
    body?: unknown;
    headers?: Record<string, string>;
  }
  const error = (status: number, code: string, message: string): Answer => ({
    status,
    body: { errors: [{ code, message }] },
  });

  function api(method: string, path: string, query: URLSearchParams, body: unknown, caller: Caller): Answer {
    if (!caller) return error(401, 'UNAUTHORIZED', 'UnAuthorized');
    const projectMatch = /^\/projects\/([^/]+)$/.exec(path);
    if (method === 'GET' && projectMatch) {
      const key = decodeURIComponent(projectMatch[1]!);
      const project = projects.find((candidate) => candidate.name === key || String(candidate.id) === key);
      if (!project) return error(404, 'NOT_FOUND', `project ${key} not found`);
      if (!mayManage(caller, project.name)) return error(403, 'FORBIDDEN', 'forbidden');
      return {
        status: 200,
        body: {
          project_id: project.id,
          name: project.name,
          owner_id: 1,
          owner_name: 'admin',
          deleted: false,
          repo_count: 1,
          creation_time: '2026-01-01T00:00:00.000Z',
          update_time: '2026-01-01T00:00:00.000Z',
        },
      };
    }
    if (method === 'POST' && path === '/robots') return createRobot(body as Record<string, unknown>, caller);
    if (method === 'GET' && path === '/robots') return listRobots(query, caller);
    const robotMatch = /^\/robots\/(\d+)$/.exec(path);
    if (robotMatch) {
      const robot = robots.find((candidate) => candidate.id === Number(robotMatch[1]));
      if (!robot) return error(404, 'NOT_FOUND', `robot ${robotMatch[1]} not found`);
      const project = projects.find((candidate) => candidate.id === robot.projectId)!;
      if (!mayManage(caller, project.name)) return error(403, 'FORBIDDEN', 'forbidden');
      if (method === 'GET') return { status: 200, body: robotView(robot) };
      if (method === 'PATCH') {
        const given = (body as { secret?: string } | undefined)?.secret ?? '';
        robot.updateTime = new Date().toISOString();
        if (given !== '') {
          if (!(given.length >= 8 && /[a-z]/.test(given) && /[A-Z]/.test(given) && /[0-9]/.test(given))) {
            return error(
              400,
              'BAD_REQUEST',
              'the secret must longer than 8 chars with at least 1 uppercase letter, 1 lowercase letter and 1 number',
            );
          }
          robot.secret = given;
          return { status: 200, body: {} };
        }
        robot.secret = newSecret();
        return { status: 200, body: { secret: robot.secret } };
      }
    }
    return error(404, 'NOT_FOUND', 'no such API');
  }

  function createRobot(request: Record<string, unknown>, caller: Caller): Answer {
    const name = typeof request.name === 'string' ? request.name : '';
    if (!NAME.test(name)) {
      return error(400, 'BAD_REQUEST', 'robot name is not in lower case or contains illegal characters');
    }
    const duration = typeof request.duration === 'number' ? request.duration : 0;
    const permissions = (request.permissions ?? []) as HarborTestRobot['permissions'];
    if (duration < -1 || duration >= 2 ** 31)
      return error(400, 'BAD_REQUEST', `bad request error duration input: ${duration}`);
    if (request.level !== 'project' && request.level !== 'system')
      return error(400, 'BAD_REQUEST', `bad request error level input: ${String(request.level)}`);
    if (permissions.length === 0) return error(400, 'BAD_REQUEST', 'bad request empty permission');
    if (permissions.some((permission) => (permission.access ?? []).length === 0))
      return error(400, 'BAD_REQUEST', 'bad request empty access');
    if (request.level === 'system')
      return error(403, 'FORBIDDEN', 'this test server makes project robots only');
    if (permissions.length > 1) return error(400, 'BAD_REQUEST', 'bad request permission');
    const namespace = permissions[0]!.namespace;
    const project = projects.find((candidate) => candidate.name === namespace);
    if (!project) return error(404, 'NOT_FOUND', `project ${namespace} not found`);
    if (!mayManage(caller, project.name)) return error(403, 'FORBIDDEN', 'forbidden');
    const storedName = `${project.name}+${name}`;
    if (robots.some((robot) => robot.storedName === storedName))
      return error(409, 'CONFLICT', `robot account ${storedName} already exists`);
    const days = duration === 0 ? defaultDays : duration;
    const now = new Date();
    const robot: HarborTestRobot = {
      id: nextRobotId++,
      storedName,
      projectId: project.id,
      secret: newSecret(),
      description: typeof request.description === 'string' ? request.description : '',
      duration: days,
      expiresAt: days === -1 ? -1 : nowSeconds() + days * 86_400,
      disable: request.disable === true,
      permissions,
      creationTime: now.toISOString(),
      updateTime: now.toISOString(),
    };
    robots.push(robot);
    return {
      status: 201,
      headers: { location: `${API}/robots/${robot.id}` },
      body: {
        id: robot.id,
        name: prefix + storedName,
        secret: robot.secret,
        creation_time: robot.creationTime,
        expires_at: robot.expiresAt,
      },
    };
  }

  function listRobots(query: URLSearchParams, caller: Caller): Answer {
    const keywords = new Map<string, string>();
    for (const part of (query.get('q') ?? '').split(',').filter(Boolean)) {
      const eq = part.indexOf('=');
      if (eq > 0) keywords.set(part.slice(0, eq), part.slice(eq + 1));
    }
    let projectId = 0;
    const level = keywords.get('Level') ?? 'system';
    if (level !== 'system' && level !== 'project')
      return error(400, 'BAD_REQUEST', 'bad request error level input');
    if (level === 'project') {
      const id = keywords.get('ProjectID');
      if (id === undefined)
        return error(400, 'BAD_REQUEST', 'must with project ID when to query project robots');
      if (!/^\d+$/.test(id)) return error(400, 'BAD_REQUEST', 'Project ID must be int type.');
      projectId = Number(id);
      const project = projects.find((candidate) => candidate.id === projectId);
      if (!project) return error(404, 'NOT_FOUND', `project ${id} not found`);
      if (!mayManage(caller, project.name)) return error(403, 'FORBIDDEN', 'forbidden');
    } else if (!(caller?.kind === 'user' && caller.user.admin)) {
      return error(403, 'FORBIDDEN', 'forbidden');
    }
    const name = keywords.get('name');
    const matches = robots.filter((robot) => {
      if (robot.projectId !== projectId) return false;
      if (name === undefined) return true;
      return name.startsWith('~') ? robot.storedName.includes(name.slice(1)) : robot.storedName === name;
    });
    return {
      status: 200,
      headers: { 'x-total-count': String(matches.length) },
      body: matches.map(robotView),
    };
  }

  function token(url: URL, caller: Caller): Answer {
    const scopes = url.searchParams.getAll('scope').flatMap((scope) => scope.split(' ').filter(Boolean));
    const access = scopes.flatMap((scope) => {
      const match = /^repository:([^:]+):(.+)$/.exec(scope);
      if (!match) return [];
      const [, repository, wanted] = match as unknown as [string, string, string];
      const projectName = repository.split('/')[0]!;
      let allowed: string[] = [];
      if (caller?.kind === 'user') allowed = mayManage(caller, projectName) ? ['pull', 'push'] : [];
      if (caller?.kind === 'robot') {
        allowed = caller.robot.permissions
          .filter((permission) => permission.kind === 'project' && permission.namespace === projectName)
          .flatMap((permission) =>
            permission.access.filter((a) => a.resource === 'repository').map((a) => a.action),
          );
      }
      const actions = wanted.split(',').filter((action) => allowed.includes(action));
      return actions.length === 0 ? [] : [{ type: 'repository', name: repository, actions }];
    });
    const now = nowSeconds();
    const username =
      caller?.kind === 'user' ? caller.user.username : caller ? prefix + caller.robot.storedName : '';
    const claims = {
      iss: issuer,
      sub: username,
      aud: url.searchParams.get('service') ?? service,
      exp: now + 1800,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const signed = signRegistryToken(claims, signingKey, signing.certPem);
    return {
      status: 200,
      body: { token: signed, expires_in: 1800, issued_at: new Date(now * 1000).toISOString() },
    };
  }

  const server = createServer(
    { cert: tls.certPem, key: tls.keyPem },
    (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'https://harbor');
        const caller = authenticate(req.headers.authorization);
        const username = parseBasic(req.headers.authorization)?.username ?? null;
        let answer: Answer;
        if (url.pathname === '/service/token' && req.method === 'GET') {
          answer =
            caller === 'bad'
              ? {
                  status: 401,
                  body: { errors: [{ code: 'UNAUTHORIZED', message: 'authentication failed' }] },
                }
              : token(url, caller);
          requests.push({ method: 'GET', path: url.pathname, username, status: answer.status });
          send(res, answer);
          return;
        }
        if (!url.pathname.startsWith(`${API}/`)) {
          send(res, { status: 404 });
          return;
        }
        const path = url.pathname.slice(API.length);
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text === '' ? undefined : JSON.parse(text);
        } catch {
          violations.push(`${req.method} ${url.pathname}: the body is not JSON`);
        }
        const problems = contract.checkRequest(req.method ?? 'GET', url.pathname, url.searchParams, body);
        violations.push(...problems);
        if (problems.length > 0) {
          answer = error(400, 'BAD_REQUEST', 'the request does not match the API spec');
        } else if (caller === 'bad') {
          answer = error(401, 'UNAUTHORIZED', 'UnAuthorized');
        } else {
          answer = api(req.method ?? 'GET', path, url.searchParams, body, caller);
        }
        violations.push(
          ...contract.checkResponse(req.method ?? 'GET', url.pathname, answer.status, answer.body),
        );
        const q = url.searchParams.get('q');
        requests.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          ...(q === null ? {} : { q }),
          username,
          status: answer.status,
        });
        send(res, answer);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  const admin = options.users.find((user) => user.admin);
  return {
    url,
    caPem: tls.caPem,
    tls: { certPem: tls.certPem, keyPem: tls.keyPem, caPem: tls.caPem },
    tokenService: {
      realm: `${url}/service/token`,
      service,
      issuer,
      signingCaPem: signing.caPem,
      pusher: admin ? { username: admin.username, password: admin.password } : { username: '', password: '' },
    },
    robots,
    issuedSecrets,
    requests,
    violations,
    close: () => closeServer(server),
  };
}

function send(
  res: ServerResponse,
  answer: { status: number; body?: unknown; headers?: Record<string, string> },
): void {
  const headers: Record<string, string> = { 'x-request-id': randomUUID(), ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  res.writeHead(answer.status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
