// `pull-secret binderhub`: the two values documents printed or written (secret.yaml 0600), bad input
// (exit 2, one sentence, nothing written or printed), and --verify proving push and pull against
// Debian's docker-registry before anything is written. The Helm renderings of these values are in
// packages/binderhub/test/binderhub-helm.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { runCli } from './run-cli.js';

const CANARY = `CANARY-bh-${randomBytes(6).toString('hex')}`;
const PULL_CANARY = `CANARY-bh-pull-${randomBytes(6).toString('hex')}`;
const LOGIN = ['--registry', 'ghcr.io', '--username', 'octo', '--password-file', 'token.txt'];
const FILES = { 'token.txt': `${CANARY}\n`, 'pull.txt': `${PULL_CANARY}\n` };

describe('pull-secret binderhub', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pull-secret-bh-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the secret values and the config values as two YAML documents', async () => {
    const run = await runCli(['binderhub', ...LOGIN, '--project', 'octo'], { files: FILES });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const [secret, config, ...rest] = parseAllDocuments(run.stdout).map((doc) => doc.toJS());
    expect(rest).toEqual([]);
    expect(secret).toEqual({ registry: { url: 'https://ghcr.io', username: 'octo', password: CANARY } });
    expect(config).toEqual({
      config: { BinderHub: { use_registry: true, image_prefix: 'ghcr.io/octo/binder-' } },
    });
  });

  it('writes secret.yaml (0600) and config.yaml; --jupyterhub with a separate pull login', async () => {
    const run = await runCli(
      [
        'binderhub',
        ...LOGIN,
        '--image-prefix',
        'ghcr.io/octo/bh-',
        '--jupyterhub',
        '--pull-username',
        'reader',
        '--pull-password-file',
        'pull.txt',
        '--output-dir',
        dir,
      ],
      { files: FILES },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain(CANARY);
    expect(run.stderr).not.toContain(PULL_CANARY);
    expect((await stat(join(dir, 'secret.yaml'))).mode & 0o777).toBe(0o600);
    const secret = parse(await readFile(join(dir, 'secret.yaml'), 'utf8'));
    expect(secret.registry.password).toBe(CANARY);
    expect(secret.jupyterhub.imagePullSecret).toEqual({
      create: true,
      registry: 'ghcr.io',
      username: 'reader',
      password: PULL_CANARY,
    });
    const config = await readFile(join(dir, 'config.yaml'), 'utf8');
    expect(parse(config).config.BinderHub.image_prefix).toBe('ghcr.io/octo/bh-');
    expect(config).not.toContain('CANARY');
  });

  it('ECR: writes the registry helper values and its IAM policy beside them', async () => {
    const ecrDir = await mkdtemp(join(dir, 'ecr-'));
    const run = await runCli(
      [
        'binderhub',
        '--provider',
        'static',
        '--registry',
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        '--username',
        'AWS',
        '--password-file',
        'token.txt',
        '--project',
        'binder',
        '--output-dir',
        ecrDir,
      ],
      { files: FILES },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('note: ECR logins last 12 hours');
    expect((await readdir(ecrDir)).sort()).toEqual(['config.yaml', 'ecr-iam-policy.json', 'secret.yaml']);
    expect(await readFile(join(ecrDir, 'secret.yaml'), 'utf8')).not.toContain(CANARY);
    expect(
      JSON.parse(await readFile(join(ecrDir, 'ecr-iam-policy.json'), 'utf8')).Statement[1].Resource,
    ).toBe('arn:aws:ecr:eu-west-1:123456789012:repository/binder/binder-*');
  });

  it('bad input: exit 2, one sentence and a hint in flags, nothing printed or written', async () => {
    const empty = await mkdtemp(join(dir, 'empty-'));
    const missing = join(dir, 'nope');
    const cases: [string[], RegExp][] = [
      [[...LOGIN, '--output-dir', empty], /--image-prefix/],
      [[...LOGIN, '--image-prefix', 'ghcr.io/bh-', '--output-dir', empty], /needs at least 2/],
      [[...LOGIN, '--image-prefix', 'quay.io/octo/bh-', '--output-dir', empty], /does not start with/],
      [[...LOGIN, '--project', 'octo', '--image-prefix', 'ghcr.io/octo/b-'], /both whole and in parts/],
      [[...LOGIN, '--project', 'octo', '--registry-kind', 'nexus'], /Unknown registry kind/],
      [[...LOGIN, '--project', 'octo', '--output-dir', missing], /does not exist/],
      [[...LOGIN, '--project', 'octo', '--jupyterhub', '--pull-username', 'r'], /needs its password/],
      [
        [...LOGIN, '--project', 'octo', '--pull-username', 'r', '--pull-password-file', 'pull.txt'],
        /only for --jupyterhub/,
      ],
      [[...LOGIN, '--project', 'octo', '--verify-image', 'ghcr.io/octo/x'], /needs --verify/],
      [[...LOGIN, '--project', 'octo', '-f', 'x.yaml'], /is for pull-secret binderhub check/],
      [['frobnicate'], /Unknown binderhub subcommand/],
      [
        ['--registry', 'gcr.io', '--username', 'oauth2accesstoken', '--password-stdin', '--project', 'p'],
        /needs a service account key to push/,
      ],
      [
        [
          '--registry',
          'docker.io',
          '--username',
          'octo',
          '--password-file',
          'token.txt',
          '--image-prefix',
          'my-org/bh-',
        ],
        /namespace "my-org" is not 4 to 40/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(['binderhub', ...args], { files: FILES });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: [^\n]+\.\n(hint: [^\n]+\n)?$/);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\{\{| {4}at /);
      expect(run.stderr).not.toContain(CANARY);
    }
    expect(await readdir(empty)).toEqual([]);
    await expect(stat(missing)).rejects.toThrow();
  });

  it('refuses a bad prefix before reading a password from standard input', async () => {
    const run = await runCli(
      [
        'binderhub',
        '--registry',
        'ghcr.io',
        '--username',
        'octo',
        '--password-stdin',
        '--image-prefix',
        'ghcr.io/x',
      ],
      { stdin: CANARY },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('needs at least 2');
  });
});

describe.skipIf(!findDockerRegistry())(
  'pull-secret binderhub --verify (docker-registry, token auth)',
  { tags: ['needs-docker-registry'] },
  () => {
    let registry: TestRegistry;
    let dir: string;
    beforeAll(async () => {
      registry = await startTestRegistry({ mode: 'token' });
      dir = await mkdtemp(join(tmpdir(), 'pull-secret-bh-verify-'));
    });
    afterAll(async () => {
      await registry?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    const run = (push: { username: string; password: string }, extra: string[] = []) =>
      runCli(
        [
          'binderhub',
          '--registry',
          registry.host,
          '--username',
          push.username,
          '--password-file',
          'push.txt',
          '--project',
          'team',
          '--prefix',
          'app-',
          '--jupyterhub',
          '--pull-username',
          registry.puller.username,
          '--pull-password-file',
          'pull.txt',
          '--verify',
          '--verify-ca-file',
          'ca.pem',
          '--output-dir',
          dir,
          ...extra,
        ],
        {
          files: {
            'push.txt': push.password,
            'pull.txt': registry.puller.password,
            'ca.pem': registry.caPem!,
          },
        },
      );

    it('writes nothing when the build login cannot push, then writes once push and pull are proven', async () => {
      // The puller may pull team/app but push nowhere: the token server grants less than asked.
      const failed = await run(registry.puller);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(
        /^error: verify push 127\.0\.0\.1:\d+: denied: .*nothing was written\.\n/,
      );
      expect(await readdir(dir)).toEqual([]);

      const ok = await run(registry.pushOnly, ['--verify-image', `${registry.host}/team/app:v1`]);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stderr).toMatch(/verify push 127\.0\.0\.1:\d+: ok: .*\nverify pull 127\.0\.0\.1:\d+: ok: /);
      const secret = parse(await readFile(join(dir, 'secret.yaml'), 'utf8'));
      expect(secret.registry.username).toBe(registry.pushOnly.username);
      expect(secret.jupyterhub.imagePullSecret.username).toBe(registry.puller.username);
      expect(ok.stderr + failed.stderr).not.toContain(registry.pushOnly.password);
      expect(ok.stderr + failed.stderr).not.toContain(registry.puller.password);
    });

    it("writes nothing when the user pods' login cannot pull the image", async () => {
      const failed = await run(registry.pushOnly, ['--verify-image', `${registry.host}/team/app:v9`]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/error: verify pull .*nothing was written/);
    });
  },
);
