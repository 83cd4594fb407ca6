import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HarborTestServer, startHarborTestServer } from './harbor-test-server.js';
import { loadSwaggerContract } from './swagger-contract.js';

const ADMIN = { username: 'admin', password: 'CANARY-harbor-admin-7d1e', admin: true };

describe('the Harbor swagger contract', () => {
  const contract = loadSwaggerContract();

  it("accepts Harbor's own shapes and refuses misspelt or mistyped fields", () => {
    const query = new URLSearchParams();
    const good = {
      name: 'ci',
      level: 'project',
      duration: -1,
      permissions: [
        { kind: 'project', namespace: 'team', access: [{ resource: 'repository', action: 'pull' }] },
      ],
    };
    expect(contract.checkRequest('POST', '/api/v2.0/robots', query, good)).toEqual([]);
    expect(contract.checkRequest('POST', '/api/v2.0/robots', query, { ...good, permision: [] })).toEqual([
      'POST /robots body: (root) must NOT have additional properties (permision)',
    ]);
    expect(contract.checkRequest('POST', '/api/v2.0/robots', query, { ...good, duration: '30' })).toEqual([
      'POST /robots body: /duration must be integer',
    ]);
    expect(contract.checkRequest('PATCH', '/api/v2.0/robots/x', query, {})).toEqual([
      'PATCH /robots/{robot_id}: path parameter robot_id is not an integer',
    ]);
    expect(
      contract.checkRequest('GET', '/api/v2.0/robots', new URLSearchParams({ name: 'ci' }), undefined),
    ).toEqual(['GET /robots: query parameter name is not in the spec']);
    expect(contract.checkResponse('PATCH', '/api/v2.0/robots/1', 200, { secret: 'x' })).toEqual([]);
    expect(contract.checkResponse('PATCH', '/api/v2.0/robots/1', 200, { secret: 1 })).toEqual([
      'PATCH /robots/{robot_id} 200: /secret must be string',
    ]);
    // 409 is not listed for POST /robots, yet Harbor sends it, as every error, in its Errors shape.
    expect(
      contract.checkResponse('POST', '/api/v2.0/robots', 409, {
        errors: [{ code: 'CONFLICT', message: 'x' }],
      }),
    ).toEqual([]);
    expect(
      contract.checkResponse('POST', '/api/v2.0/robots', 201, { id: 1, name: 'robot$team+ci', token: 'x' }),
    ).toEqual(['POST /robots 201: (root) must NOT have additional properties (token)']);
  });
});

describe('startHarborTestServer', () => {
  let server: HarborTestServer;
  beforeAll(async () => {
    server = await startHarborTestServer({
      projects: ['team'],
      users: [ADMIN, { username: 'dev', password: 'CANARY-dev-2b' }],
    });
  });
  afterAll(() => server?.close());

  const call = (
    method: string,
    path: string,
    user = ADMIN as { username: string; password: string },
    body?: unknown,
  ) =>
    new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = request(
        `${server.url}${path}`,
        {
          method,
          ca: server.caPem,
          headers: {
            authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => {
            text += chunk.toString('utf8');
          });
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }),
          );
        },
      );
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  const robot = (name: string, namespace = 'team') => ({
    name,
    level: 'project',
    permissions: [{ kind: 'project', namespace, access: [{ resource: 'repository', action: 'pull' }] }],
  });

  it('creates, refuses a taken name, lists by project, gets and refreshes, as Harbor does', async () => {
    const created = await call('POST', '/api/v2.0/robots', ADMIN, robot('ci'));
    expect(created).toMatchObject({
      status: 201,
      json: { name: 'robot$team+ci', secret: server.issuedSecrets[0] },
    });
    const expiresAt = (created.json as { expires_at: number }).expires_at;
    expect(expiresAt - Date.now() / 1000).toBeGreaterThan(29.9 * 86_400);
    expect((await call('POST', '/api/v2.0/robots', ADMIN, robot('ci'))).status).toBe(409);
    // Without Level and ProjectID only system robots are listed, as in Harbor.
    expect((await call('GET', '/api/v2.0/robots?q=name%3D~ci')).json).toEqual([]);
    const listed = await call(
      'GET',
      `/api/v2.0/robots?q=${encodeURIComponent('Level=project,ProjectID=1,name=~ci')}`,
    );
    expect(listed.json).toMatchObject([{ id: 1, name: 'robot$team+ci', expires_at: expiresAt }]);
    expect(JSON.stringify(listed.json)).not.toContain(server.issuedSecrets[0]!);
    expect((await call('GET', '/api/v2.0/robots/1')).json).toMatchObject({ name: 'robot$team+ci' });
    const refreshed = await call('PATCH', '/api/v2.0/robots/1', ADMIN, {});
    expect(refreshed).toEqual({ status: 200, json: { secret: server.issuedSecrets[1] } });
    expect(server.robots[0]!.secret).toBe(server.issuedSecrets[1]);
    expect(server.violations).toEqual([]);
  });

  it('answers 401, 403, 404 and 400 in Harbor’s Errors shape, and refuses bodies the spec does not allow', async () => {
    expect(
      (await call('POST', '/api/v2.0/robots', { username: 'admin', password: 'wrong' }, robot('a'))).status,
    ).toBe(401);
    expect(
      (await call('POST', '/api/v2.0/robots', { username: 'dev', password: 'CANARY-dev-2b' }, robot('a')))
        .status,
    ).toBe(403);
    expect((await call('POST', '/api/v2.0/robots', ADMIN, robot('a', 'nope'))).status).toBe(404);
    expect((await call('POST', '/api/v2.0/robots', ADMIN, robot('Bad Name'))).status).toBe(400);
    expect(server.violations).toEqual([]);
    const typo = await call('POST', '/api/v2.0/robots', ADMIN, { ...robot('b'), permision: [] });
    expect(typo.status).toBe(400);
    expect(server.violations).toEqual([
      'POST /robots body: (root) must NOT have additional properties (permision)',
    ]);
    server.violations.length = 0;
    expect(JSON.stringify(server.requests)).not.toContain(ADMIN.password);
  });
});
