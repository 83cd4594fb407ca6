import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HarborTestServer, startHarborTestServer } from '@pull-secret/cloud-test-servers';
import { InvalidInputError, PullSecretError } from '@pull-secret/dockerconfigjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FromHarborInit, fromHarbor } from '../src/index.js';

const ADMIN = { username: 'admin', password: 'CANARY-provider-admin-3f9a', admin: true };
let harbor: HarborTestServer;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  harbor = await startHarborTestServer({
    projects: ['team', 'other'],
    users: [ADMIN, { username: 'lead', password: 'CANARY-lead', projectAdmin: ['other'] }],
  });
  dir = mkdtempSync(join(tmpdir(), 'provider-harbor-'));
  writeFileSync(join(dir, 'ca.pem'), harbor.caPem);
  env = { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') };
});
afterAll(async () => {
  await harbor?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const createRobot = (name: string, more: Partial<FromHarborInit> = {}) =>
  fromHarbor({
    registries: ['harbor.example.com', 'harbor.example.com/team'],
    auth: 'create-robot',
    url: harbor.url,
    username: 'admin',
    password: ADMIN.password,
    project: 'team',
    robotName: name,
    env,
    ...more,
  });

describe('fromHarbor create-robot', () => {
  it('makes a robot and returns the name Harbor gave it, for every registry key, with its expiry', async () => {
    const credentials = await createRobot('ci', { robotDurationDays: 10 })();
    const robot = harbor.robots.find((r) => r.storedName === 'team+ci')!;
    expect(credentials).toEqual(
      ['harbor.example.com', 'harbor.example.com/team'].map((registry) => ({
        registry,
        username: 'robot$team+ci',
        password: robot.secret,
        expiresAt: new Date(robot.expiresAt * 1000),
      })),
    );
    expect(robot.duration).toBe(10);
  });

  it("uses Harbor's robot name prefix as returned, never its own", async () => {
    const custom = await startHarborTestServer({ projects: ['team'], users: [ADMIN], robotPrefix: 'bot_' });
    try {
      writeFileSync(join(dir, 'custom-ca.pem'), custom.caPem);
      const customEnv = { NODE_EXTRA_CA_CERTS: join(dir, 'custom-ca.pem') };
      const [credential] = await createRobot('ci', { url: custom.url, env: customEnv })();
      expect(credential!.username).toBe('bot_team+ci');
    } finally {
      await custom.close();
    }
  });

  it('rotates on a second run: the same robot, a new secret through RefreshSec, its expiry unchanged', async () => {
    const first = await createRobot('rotating', { robotDurationDays: -1 })();
    expect(first[0]!.expiresAt).toBeUndefined();
    const before = harbor.requests.length;
    const second = await createRobot('rotating', { robotDurationDays: -1 })();
    expect(second[0]!.username).toBe('robot$team+rotating');
    expect(second[0]!.password).not.toBe(first[0]!.password);
    expect(second[0]!.password).toBe(harbor.robots.find((r) => r.storedName === 'team+rotating')!.secret);
    expect(harbor.requests.slice(before).map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 409',
      'GET 200',
      'GET 200',
      'PATCH 200',
    ]);
    expect(harbor.requests.slice(before)[2]!.q).toBe('Level=project,ProjectID=1,name=~rotating');
    expect(harbor.violations).toEqual([]);
  });

  it('warns when an existing robot lacks push, and refuses a disabled or expired one', async () => {
    await createRobot('nopush')();
    const warnings: string[] = [];
    await createRobot('nopush', { robotPush: true, warn: (message) => warnings.push(message) })();
    expect(warnings).toEqual([
      'The robot account robot$team+nopush exists without push; its secret is rotated and its permissions left as they are (delete it to have it made with push).',
    ]);
    await createRobot('off')();
    harbor.robots.find((r) => r.storedName === 'team+off')!.disable = true;
    await expect(createRobot('off')()).rejects.toMatchObject({ code: 'HARBOR_ROBOT_DISABLED' });
    await createRobot('old')();
    harbor.robots.find((r) => r.storedName === 'team+old')!.expiresAt = Math.floor(Date.now() / 1000) - 60;
    await expect(createRobot('old')()).rejects.toMatchObject({ code: 'HARBOR_ROBOT_EXPIRED' });
  });

  it('maps 401, 403 and 404 to errors that name the user and never the password', async () => {
    const codes = async (init: Partial<FromHarborInit>) => {
      const error = (await createRobot('refused', init)().catch(
        (caught: unknown) => caught,
      )) as PullSecretError;
      expect(error).toBeInstanceOf(PullSecretError);
      expect(error).not.toBeInstanceOf(InvalidInputError);
      expect(`${error.message} ${error.hint}`).not.toContain('CANARY');
      return error.code;
    };
    expect(await codes({ password: 'CANARY-wrong' })).toBe('HARBOR_UNAUTHORIZED');
    expect(await codes({ username: 'lead', password: 'CANARY-lead' })).toBe('HARBOR_FORBIDDEN');
    expect(await codes({ project: 'nope' })).toBe('HARBOR_PROJECT_NOT_FOUND');
    expect(harbor.violations).toEqual([]);
  });

  it('checks everything before building the provider', () => {
    const refused = (init: Partial<FromHarborInit>) => {
      try {
        createRobot('ci', init);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as InvalidInputError).code;
      }
      return 'accepted';
    };
    expect(refused({ registries: [] })).toBe('HARBOR_NO_REGISTRY');
    expect(refused({ url: undefined, registries: ['a.example', 'b.example'] })).toBe('HARBOR_URL_AMBIGUOUS');
    expect(refused({ url: undefined, registries: ['a.example', 'a.example/team'] })).toBe('accepted');
    expect(refused({ url: 'ftp://h' })).toBe('HARBOR_URL_INVALID');
    expect(refused({ url: 'https://user:pw@h' })).toBe('HARBOR_URL_INVALID');
    expect(refused({ password: '' })).toBe('HARBOR_NO_ADMIN');
    expect(refused({ project: '' })).toBe('HARBOR_NO_PROJECT');
    expect(refused({ project: 'Team' })).toBe('HARBOR_PROJECT_INVALID');
    expect(refused({ robotName: 'CI' })).toBe('HARBOR_ROBOT_NAME_INVALID');
    expect(refused({ robotDurationDays: 0 })).toBe('HARBOR_DURATION_INVALID');
    expect(refused({ robotDurationDays: 1.5 })).toBe('HARBOR_DURATION_INVALID');
    expect(refused({ auth: 'token' as never })).toBe('HARBOR_UNKNOWN_AUTH');
  });
});

describe('fromHarbor robot', () => {
  it('returns the given robot as it is, without a call', async () => {
    const before = harbor.requests.length;
    const credentials = await fromHarbor({
      registries: ['harbor.example.com'],
      robotName: 'robot$team+ci',
      password: 'CANARY-robot-secret',
    })();
    expect(credentials).toEqual([
      { registry: 'harbor.example.com', username: 'robot$team+ci', password: 'CANARY-robot-secret' },
    ]);
    expect(harbor.requests.length).toBe(before);
  });
});
