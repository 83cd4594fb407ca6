import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OvhTestServer, startOvhTestServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeSecretData, expectNoSecret, runCli } from './run-cli.js';

const AS = 'CANARY-cli-ovh-application-secret';
const CK = 'CANARY-cli-ovh-consumer-key';
const EXPIRED_CK = 'CANARY-cli-ovh-expired-consumer-key';
const HOST = 'abcd1234.c1.gra9.container-registry.ovh.net';

describe('pull-secret create with the ovh provider', () => {
  let server: OvhTestServer;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    server = await startOvhTestServer({
      applications: [{ applicationKey: 'ak-cli', applicationSecret: AS }],
      consumerKeys: [
        { consumerKey: CK, applicationKey: 'ak-cli' },
        { consumerKey: EXPIRED_CK, applicationKey: 'ak-cli', expired: true },
      ],
      projects: { p1: [{ id: 'reg-1', name: 'shop', url: `https://${HOST}` }] },
      clockOffsetSeconds: -300,
    });
    dir = mkdtempSync(join(tmpdir(), 'pull-secret-cli-ovh-'));
    writeFileSync(join(dir, 'ca.pem'), server.caPem);
    env = { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem'), OVH_APPLICATION_SECRET: AS, OVH_CONSUMER_KEY: CK };
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  const create = (args: string[], extraEnv: Record<string, string> = {}, stdin = '') =>
    runCli(
      [
        'create',
        'ovh-pull',
        '--registry',
        HOST,
        '--ovh-endpoint',
        server.url,
        '--ovh-application-key',
        'ak-cli',
        '--ovh-project',
        'p1',
        ...args,
      ],
      { env: { ...env, ...extraEnv }, stdin },
    );

  it('detects OVH from the host, makes a registry user, and puts its once-only password in the Secret only', async () => {
    const run = await create(['--ovh-user-login', 'ci-puller', '-o', 'json']);
    expect(run.code).toBe(0);
    const user = server.users.find((candidate) => candidate.login === 'ci-puller')!;
    expect(JSON.parse(decodeSecretData(run.stdout)).auths[HOST]).toMatchObject({
      username: user.user,
      password: user.password,
    });
    expect(run.stderr).toBe(
      `warning: OVH shows the password of registry user "ci-puller" only once: it is in the Secret and nowhere else, never printed; keep the Secret, or make another user.\n`,
    );
    // The password is in the Secret's data (base64 of the config), never in plain text anywhere.
    expectNoSecret(run.stdout, [user.password, AS, CK], 'stdout');
    expectNoSecret(
      run.stderr,
      [user.password, AS, CK, Buffer.from(user.password).toString('base64')],
      'stderr',
    );
    const { metadata } = JSON.parse(run.stdout) as { metadata: { annotations: Record<string, string> } };
    expect(metadata.annotations['pull-secret.dev/provider']).toBe('ovh');
    expectNoSecret(JSON.stringify(metadata), [user.password, AS, CK], 'annotations');
  });

  it('reads the consumer key from --ovh-consumer-key-file', async () => {
    const run = await create(
      ['--ovh-user-login', 'ci-file', '--ovh-consumer-key-file', '-', '-o', 'json'],
      { OVH_CONSUMER_KEY: '' },
      `${CK}\n`,
    );
    expect(run.code).toBe(0);
    expect(
      server.requests.filter((request) => request.auth === 'signed').map((request) => request.status),
    ).toEqual([200, 200]);
  });

  it('refuses an endpoint typo with exit 2 before any call', async () => {
    const run = await runCli(
      [
        'create',
        'x',
        '--registry',
        HOST,
        '--ovh-endpoint',
        'ovh-euu',
        '--ovh-application-key',
        'ak-cli',
        '--ovh-project',
        'p1',
        '--ovh-user-login',
        'ci',
      ],
      { env },
    );
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'error: --ovh-endpoint must be ovh-eu, ovh-ca, ovh-us or an https:// URL, not "ovh-euu".\nhint: Did you mean ovh-eu?\n',
    });
    expect(server.requests).toEqual([]);
  });

  it('says an expired consumer key is to be replaced: exit 1, a hint in flags, no secret, no user', async () => {
    const before = server.users.length;
    const run = await create(['--ovh-user-login', 'ci-expired'], { OVH_CONSUMER_KEY: EXPIRED_CK });
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderr).toBe(
      'error: OVH refused the consumer key: it has expired, was revoked, or belongs to another application.\nhint: Create a new consumer key for --ovh-application-key with GET and POST on /cloud/project/*/containerRegistry/* (POST /auth/credential), validate it, and give it in --ovh-consumer-key-file.\n',
    );
    expect(server.users.length).toBe(before);
    expectNoSecret(run.stderr, [AS, EXPIRED_CK], 'stderr');
  });

  it('names what is missing when neither the application keys nor a service account is given', async () => {
    const run = await create(['--ovh-user-login', 'ci'], {
      OVH_APPLICATION_SECRET: '',
      OVH_CONSUMER_KEY: '',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^error: The ovh provider needs --ovh-application-secret-file\.\nhint: Set --ovh-application-secret-file or OVH_APPLICATION_SECRET\.\n$/,
    );
    expect(server.requests).toEqual([]);
  });
});
