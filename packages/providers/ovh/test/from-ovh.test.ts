import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OvhTestServer, startOvhTestServer } from '@pull-secret/cloud-test-servers';
import { InvalidInputError, PullSecretError } from '@pull-secret/dockerconfigjson';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromOvh } from '../src/from-ovh.js';
import type { OvhAuth } from '../src/ovh-api.js';

const AS = 'CANARY-ovh-application-secret';
const CK = 'CANARY-ovh-consumer-key';
const EXPIRED_CK = 'CANARY-ovh-expired-consumer-key';
const CLIENT_SECRET = 'CANARY-ovh-client-secret';
const REGISTRY_HOST = 'abcd1234.c1.gra9.container-registry.ovh.net';
const signed: OvhAuth = { kind: 'signed', applicationKey: 'ak-1', applicationSecret: AS, consumerKey: CK };

describe('fromOvh against the OVH test server', () => {
  let server: OvhTestServer;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startOvhTestServer({
      applications: [{ applicationKey: 'ak-1', applicationSecret: AS }],
      consumerKeys: [
        { consumerKey: CK, applicationKey: 'ak-1' },
        { consumerKey: EXPIRED_CK, applicationKey: 'ak-1', expired: true },
      ],
      serviceAccounts: [{ clientId: 'sa-1', clientSecret: CLIENT_SECRET }],
      projects: { p1: [{ id: 'reg-1', name: 'shop', url: `https://${REGISTRY_HOST}` }] },
      // The server's clock runs ten minutes ahead; the client corrects with /auth/time.
      clockOffsetSeconds: 600,
      allowedDriftSeconds: 30,
    });
    dir = mkdtempSync(join(tmpdir(), 'pull-secret-ovh-'));
    writeFileSync(join(dir, 'ca.pem'), server.caPem);
    env = { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  const make = (overrides: Partial<Parameters<typeof fromOvh>[0]> = {}) => {
    const warnings: string[] = [];
    const provider = fromOvh({
      endpoint: server.url,
      auth: signed,
      project: 'p1',
      registryId: 'reg-1',
      userLogin: `ci-${server.users.length + 1}`,
      env,
      warn: (message) => warnings.push(message),
      ...overrides,
    });
    return { provider, warnings };
  };
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error as PullSecretError,
    );
  const expectNoCanary = (error: PullSecretError) =>
    expect(`${error.message} ${error.hint} ${JSON.stringify(error)}`).not.toMatch(/CANARY/);

  it('signs its calls with a timestamp corrected by /auth/time, and makes a registry user', async () => {
    const { provider, warnings } = make();
    const [credential] = await provider();
    const created = server.users.at(-1)!;
    expect(credential).toEqual({
      registry: REGISTRY_HOST,
      username: created.user,
      password: created.password,
    });
    expect(created).toMatchObject({
      project: 'p1',
      registryId: 'reg-1',
      login: 'ci-1',
      email: 'ci-1@users.noreply.invalid',
    });
    expect(server.requests).toEqual([
      { method: 'GET', path: '/1.0/auth/time', auth: 'none', status: 200 },
      { method: 'GET', path: '/1.0/cloud/project/p1/containerRegistry/reg-1', auth: 'signed', status: 200 },
      {
        method: 'POST',
        path: '/1.0/cloud/project/p1/containerRegistry/reg-1/users',
        auth: 'signed',
        status: 200,
      },
    ]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /password of registry user "ci-1" only once: it is in the Secret and nowhere else/,
      ),
    ]);
    expect(warnings.join('')).not.toContain(created.password);
  });

  it('finds the registry by its host when no id is given', async () => {
    const { provider } = make({ registryId: undefined, registries: [REGISTRY_HOST] });
    expect((await provider())[0]?.registry).toBe(REGISTRY_HOST);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toContain(
      'GET /1.0/cloud/project/p1/containerRegistry',
    );
  });

  it('is refused by the server when the clock moves past the allowed drift after the correction', async () => {
    let calls = 0;
    // The first reading (at /auth/time) is right; every later one is two minutes late.
    const now = () => Date.now() - (calls++ === 0 ? 0 : 120_000);
    const error = await failure(make({ now }).provider());
    expect(error).toBeInstanceOf(PullSecretError);
    expect(error).not.toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: 'OVH_QUERY_TIME_OUT' });
    expect(server.requests.at(-1)).toMatchObject({ status: 400, errorCode: 'QUERY_TIME_OUT' });
  });

  it('says an expired consumer key is to be replaced, exit-1 kind, without any secret', async () => {
    const error = await failure(make({ auth: { ...signed, consumerKey: EXPIRED_CK } }).provider());
    expect(error).not.toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({
      code: 'OVH_INVALID_CREDENTIAL',
      message:
        'OVH refused the consumer key: it has expired, was revoked, or belongs to another application.',
      hint: expect.stringContaining('the ovh-consumer-key option'),
    });
    expectNoCanary(error!);
    expect(server.users.filter((user) => user.login === 'expired')).toEqual([]);
  });

  it('reports a signature made with the wrong secret', async () => {
    const error = await failure(
      make({ auth: { ...signed, applicationSecret: 'CANARY-wrong-secret' } }).provider(),
    );
    expect(error).toMatchObject({
      code: 'OVH_INVALID_SIGNATURE',
      hint: expect.stringContaining('the ovh-application-secret option'),
    });
    expectNoCanary(error!);
  });

  it('uses an OAuth2 service account: client credentials for a bearer token', async () => {
    const { provider } = make({ auth: { kind: 'oauth2', clientId: 'sa-1', clientSecret: CLIENT_SECRET } });
    const [credential] = await provider();
    expect(credential?.password).toBe(server.users.at(-1)!.password);
    expect(server.requests.map((r) => [r.method, r.path, r.auth, r.status])).toEqual([
      ['POST', '/auth/oauth2/token', 'none', 200],
      ['GET', '/1.0/cloud/project/p1/containerRegistry/reg-1', 'bearer', 200],
      ['POST', '/1.0/cloud/project/p1/containerRegistry/reg-1/users', 'bearer', 200],
    ]);
  });

  it('refuses a wrong OAuth2 client secret', async () => {
    const error = await failure(
      make({ auth: { kind: 'oauth2', clientId: 'sa-1', clientSecret: 'CANARY-wrong-client' } }).provider(),
    );
    expect(error).toMatchObject({
      code: 'OVH_OAUTH2_REFUSED',
      message: expect.stringContaining('invalid_client'),
    });
    expectNoCanary(error!);
  });

  it('says which project or registry is unknown', async () => {
    const error = await failure(make({ project: 'nope' }).provider());
    expect(error).toMatchObject({
      code: 'OVH_NOT_FOUND',
      hint: expect.stringContaining('the ovh-project option'),
    });
  });

  it('says a login that exists already cannot be made again, and why', async () => {
    await make({ userLogin: 'twice' }).provider();
    const error = await failure(make({ userLogin: 'twice' }).provider());
    expect(error).toMatchObject({
      code: 'OVH_CONFLICT',
      message: 'OVH already has that registry user: User twice already exists.',
      hint: expect.stringContaining('choose another the ovh-user-login option'),
    });
  });

  it('refuses an endpoint typo and a bad login before any call', () => {
    expect(() => make({ endpoint: 'ovh-euu' })).toThrow(
      expect.objectContaining({ code: 'OVH_ENDPOINT_INVALID' }),
    );
    expect(() => make({ userLogin: 'has space' })).toThrow(
      expect.objectContaining({ code: 'OVH_USER_LOGIN_INVALID' }),
    );
    expect(server.requests).toEqual([]);
  });
});
