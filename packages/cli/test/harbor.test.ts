// The harbor provider through the built CLI against the Harbor test server, whose token service the
// Debian docker-registry trusts: a robot made by `create-robot` really pulls the seeded image, a second
// run rotates its secret (PATCH, RefreshSec) and `apply` updates the Secret in place. Every body the
// server received and sent is checked against Harbor's swagger (`violations`).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type HarborTestServer,
  type SilentServer,
  startHarborTestServer,
  startSilentServer,
} from '@pull-secret/cloud-test-servers';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret, type KubeCliHarness, startKubeCli } from './kube-cli.js';
import { decodeSecretData, spawnCli } from './run-cli.js';

const ADMIN = { username: 'admin', password: 'CANARY-harbor-admin-pw-5c1d', admin: true };
const DEV = { username: 'dev', password: 'CANARY-harbor-dev-pw-8e2a' };
const INSTALLED = Boolean(findDockerRegistry());

let harbor: HarborTestServer;
let registry: TestRegistry | undefined;
let kube: KubeCliHarness;
let silent: SilentServer;
let dir: string;
let caFile: string;
/** The registry key: the docker-registry when installed, else a name that is never dialled. */
let host: string;

beforeAll(async () => {
  harbor = await startHarborTestServer({ projects: ['team', 'empty'], users: [ADMIN, DEV] });
  if (INSTALLED) {
    registry = await startTestRegistry({ mode: 'token', tokenService: harbor.tokenService, tls: harbor.tls });
  }
  host = registry?.host ?? 'harbor.invalid';
  kube = await startKubeCli({ namespaces: ['apps'] });
  silent = await startSilentServer();
  dir = mkdtempSync(join(tmpdir(), 'pull-secret-harbor-'));
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, harbor.caPem);
}, 60_000);
afterAll(async () => {
  await Promise.all([harbor?.close(), registry?.stop(), kube?.close(), silent?.close()]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const createRobot = (name: string, ...more: string[]) => [
  '--provider',
  'harbor',
  '--registry',
  host,
  '--harbor-url',
  harbor.url,
  '--harbor-auth',
  'create-robot',
  '--harbor-username',
  'admin',
  '--harbor-project',
  'team',
  '--harbor-robot-name',
  name,
  ...more,
];
const env = (password = ADMIN.password) => ({ HARBOR_PASSWORD: password, NODE_EXTRA_CA_CERTS: caFile });
/** What must never be printed or stored outside the Secret's data: passwords and every robot secret. */
const secrets = () => [ADMIN.password, DEV.password, ...harbor.issuedSecrets];

describe('pull-secret with the harbor provider', () => {
  it.runIf(INSTALLED)(
    'create-robot makes a project robot whose login really pulls the image (--verify)',
    async () => {
      const run = await spawnCli(
        [
          'create',
          'harbor-pull',
          ...createRobot('k8s-pull', '--harbor-robot-duration', '7'),
          '--verify',
          `${host}/team/app:v1`,
          '--verify-ca-file',
          caFile,
          '-o',
          'json',
        ],
        { env: env() },
      );
      expect(run.stderr).toMatch(/^verify 127\.0\.0\.1:\d+: ok: /);
      expect(run.code).toBe(0);
      const secret = harbor.issuedSecrets.at(-1)!;
      const auth = Buffer.from(`robot$team+k8s-pull:${secret}`).toString('base64');
      expect(decodeSecretData(run.stdout)).toBe(
        `{"auths":{"${host}":{"username":"robot$team+k8s-pull","password":"${secret}","auth":"${auth}"}}}`,
      );
      const { metadata } = JSON.parse(run.stdout) as { metadata: { annotations: Record<string, string> } };
      const robot = harbor.robots.find((r) => r.storedName === 'team+k8s-pull')!;
      expect(robot.permissions).toEqual([
        { kind: 'project', namespace: 'team', access: [{ resource: 'repository', action: 'pull' }] },
      ]);
      expect(robot.duration).toBe(7);
      expect(metadata.annotations['pull-secret.dev/expires-at']).toBe(
        new Date(robot.expiresAt * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      );
      // The recipe holds the non-secret options only.
      expect(JSON.parse(metadata.annotations['pull-secret.dev/credentials']!)[host]).toMatchObject({
        provider: 'harbor',
        options: {
          'harbor-url': harbor.url,
          'harbor-auth': 'create-robot',
          'harbor-username': 'admin',
          'harbor-project': 'team',
          'harbor-robot-name': 'k8s-pull',
          'harbor-robot-duration': '7',
        },
      });
      expectNoSecret(run.stderr + JSON.stringify(metadata), secrets(), 'stderr and metadata');
      // The manifest on stdout is the deliverable: the robot's secret is in its data, the admin's nowhere.
      expectNoSecret(run.stdout, [ADMIN.password, Buffer.from(ADMIN.password).toString('base64')], 'stdout');
      // The registry's token service (Harbor's) was asked for the robot, not for the admin.
      expect(harbor.requests.filter((r) => r.path === '/service/token').at(-1)).toMatchObject({
        username: 'robot$team+k8s-pull',
        status: 200,
      });
      expect(harbor.violations).toEqual([]);
    },
  );

  it('apply twice: the second run rotates the secret (PATCH) and updates the Secret in place', async () => {
    const args = ['apply', 'harbor-rotated', '-n', 'apps', ...createRobot('rotated', '--harbor-robot-push')];
    const stored = () =>
      kube.server.store.get('secrets', 'apps', 'harbor-rotated') as unknown as {
        data: Record<string, string>;
        metadata: { uid: string; annotations: Record<string, string> };
      };
    const first = await kube.run(args, undefined, env());
    expect(first.stderr).not.toMatch(/error|warning/);
    expect(first.code).toBe(0);
    const firstSecret = harbor.issuedSecrets.at(-1)!;
    const uid = stored().metadata.uid;
    expect(harbor.robots.find((r) => r.storedName === 'team+rotated')!.permissions[0]!.access).toEqual([
      { resource: 'repository', action: 'pull' },
      { resource: 'repository', action: 'push' },
    ]);

    const before = harbor.requests.length;
    const second = await kube.run(args, undefined, env());
    expect(second.stderr).not.toMatch(/error|warning/);
    expect(second.code).toBe(0);
    const secondSecret = harbor.issuedSecrets.at(-1)!;
    expect(secondSecret).not.toBe(firstSecret);
    expect(harbor.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'POST /api/v2.0/robots 409',
      'GET /api/v2.0/projects/team 200',
      'GET /api/v2.0/robots 200',
      `PATCH /api/v2.0/robots/${harbor.robots.find((r) => r.storedName === 'team+rotated')!.id} 200`,
    ]);
    expect(harbor.robots.find((r) => r.storedName === 'team+rotated')!.secret).toBe(secondSecret);
    // In place: the same object updated, never deleted and created again.
    const methods = second.writes.filter((w) => w.path.includes('/secrets')).map((w) => w.method);
    expect(methods).toHaveLength(1);
    expect(['PUT', 'PATCH']).toContain(methods[0]);
    expect(stored().metadata.uid).toBe(uid);
    const config = JSON.parse(Buffer.from(stored().data['.dockerconfigjson']!, 'base64').toString('utf8'));
    expect(config.auths[host]).toMatchObject({ username: 'robot$team+rotated', password: secondSecret });
    if (registry) {
      // The registry agrees: the old secret is refused, the new one pulls.
      const verify = (password: string) =>
        spawnCli(
          [
            'verify',
            '--server',
            host,
            '--username',
            'robot$team+rotated',
            '--password-stdin',
            '--image',
            'team/app:v1',
            '--ca-file',
            caFile,
          ],
          { stdin: password },
        );
      expect((await verify(firstSecret)).stdout).toMatch(/^unauthorized: /);
      expect((await verify(secondSecret)).stdout).toMatch(/^ok: /);
    }
    for (const run of [first, second]) expectNoSecret(run.stdout + run.stderr, secrets(), 'apply output');
    expectNoSecret(JSON.stringify(stored().metadata), secrets(), 'the Secret metadata');
    expect(harbor.violations).toEqual([]);
  });

  it('robot mode takes the robot as given, with no call to Harbor', async () => {
    const before = harbor.requests.length;
    const run = await spawnCli(
      [
        'create',
        'given',
        '--provider',
        'harbor',
        '--registry',
        'harbor.example.com',
        '--harbor-robot-name',
        'robot$team+ci',
        '--harbor-password-file',
        '-',
        '-o',
        'json',
      ],
      { stdin: 'CANARY-given-robot-secret\n' },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(decodeSecretData(run.stdout)).auths['harbor.example.com']).toMatchObject({
      username: 'robot$team+ci',
      password: 'CANARY-given-robot-secret',
    });
    expect(harbor.requests.length).toBe(before);
  });

  it.each([
    [
      'an uppercase robot name',
      ['K8sPull'],
      /^error: "K8sPull" is not a robot name Harbor accepts\.\nhint: .*lowercase/,
    ],
    ['a robot name with a space', ['k8s pull'], /^error: "k8s pull" is not a robot name Harbor accepts\.\n/],
    [
      'a prefixed robot name',
      ['robot$team+ci'],
      /\nhint: Give --harbor-robot-name without the robot\$ prefix/,
    ],
    [
      'a duration of 0',
      ['ci', '--harbor-robot-duration', '0'],
      /^error: "0" is not a robot lifetime\.\nhint: .*-1/,
    ],
  ])(
    'refuses %s with exit 2, one sentence and a hint, before any call',
    async (_, [name, ...more], message) => {
      const before = harbor.requests.length;
      const run = await spawnCli(['create', 'x', ...createRobot(name!, ...more)], { env: env() });
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(
        run.stderr
          .split('\n')
          .filter(Boolean)
          .map((line) => line.split(':')[0]),
      ).toEqual(['error', 'hint']);
      expect(harbor.requests.length).toBe(before);
      expectNoSecret(run.stderr, secrets(), 'stderr');
    },
  );

  it('refuses create-robot options in robot mode, naming them as flags', async () => {
    const run = await spawnCli(
      [
        'create',
        'x',
        '--provider',
        'harbor',
        '--registry',
        'h.example',
        '--harbor-robot-name',
        'robot$team+ci',
        '--harbor-project',
        'team',
      ],
      { env: { HARBOR_PASSWORD: 'CANARY-x' } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "error: --harbor-project is for --harbor-auth create-robot; robot mode takes a robot's name and secret as they are.\nhint: Remove it, or set --harbor-auth create-robot to have the robot made.\n",
    );
  });

  it('refuses a robot name a shell has eaten the $ of, with the quoting hint', async () => {
    const run = await spawnCli(
      ['create', 'x', '--provider', 'harbor', '--registry', 'h.example', '--harbor-robot-name', 'robot+ci'],
      { env: { HARBOR_PASSWORD: 'CANARY-x' } },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: The robot name "robot+ci" has lost the part after its $.\nhint: A shell, Makefile or CI variable expanded $...: quote the name in single quotes, or escape the $ ($$ in GitLab CI and docker-compose).\n',
    );
  });

  it.each([
    [
      'an unknown project (404)',
      ['--harbor-project', 'nope'],
      ADMIN.password,
      `error: Harbor at HARBOR has no project nope, or admin cannot see it (HTTP 404).\nhint: Check --harbor-project: it is the first path part of the images, as in HOST/PROJECT/REPOSITORY.\n`,
    ],
    [
      'a wrong admin password (401)',
      [],
      'CANARY-harbor-wrong-pw',
      'error: Harbor at HARBOR refused the login of admin (HTTP 401).\nhint: Check --harbor-username and its password (--harbor-password-file or HARBOR_PASSWORD); an OIDC user signs in to the API with its CLI secret, not its IdP password.\n',
    ],
    [
      'a user without rights on the project (403)',
      ['--harbor-username', 'dev'],
      DEV.password,
      'error: dev may not create robot accounts in project team (HTTP 403).\nhint: Use a Harbor administrator, a Project Admin of team, or a system robot account with the robot permissions (create, list, update) on team.\n',
    ],
  ])('reports %s with exit 1 in one sentence and a hint, no secret', async (_, more, password, stderr) => {
    const args = createRobot('refused');
    // Later flags win only where the parser allows a repeat: replace the value in place instead.
    for (let i = 0; i < more.length; i += 2) args[args.indexOf(more[i]!) + 1] = more[i + 1]!;
    const run = await spawnCli(['create', 'x', ...args], { env: env(password) });
    expect(run.stderr).toBe(stderr.replace('HARBOR', harbor.url));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expectNoSecret(run.stderr, [...secrets(), 'CANARY-harbor-wrong-pw'], 'stderr');
    expect(harbor.violations).toEqual([]);
  });

  it('gives up on a silent Harbor at the request timeout, naming it', async () => {
    const args = createRobot('slow');
    args[args.indexOf('--harbor-url') + 1] = `https://127.0.0.1:${silent.port}`;
    const run = await spawnCli(['create', 'x', ...args, '--request-timeout', '1s'], { env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: No answer from https:\/\/127\.0\.0\.1:\d+ within 1s\.\nhint: /);
    expectNoSecret(run.stderr, secrets(), 'stderr');
  });
});
