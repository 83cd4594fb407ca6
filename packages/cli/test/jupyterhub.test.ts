// `pull-secret jupyterhub` and `jupyterhub check`: the values printed or written (0600), bad input
// (exit 2, one sentence, nothing written or printed), check's exit codes. The Helm renderings of these
// values are in packages/binderhub/test/jupyterhub-helm.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from './run-cli.js';

const CANARY = `CANARY-jh-${randomBytes(6).toString('hex')}`;
const LOGIN = [
  '--registry',
  'registry.example.com:5000',
  '--username',
  'robot',
  '--password-file',
  'token.txt',
];
const FILES = { 'token.txt': `${CANARY}\n` };
const TRAP =
  'global:\n  imagePullSecrets:\n    - registry: r.example\n      username: u\n      password: p\n';

describe('pull-secret jupyterhub', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pull-secret-jh-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints z2jh values with imagePullSecret (create: true) and the names given', async () => {
    const run = await runCli(['jupyterhub', ...LOGIN, '--image-pull-secret', 'regcred'], { files: FILES });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(parse(run.stdout)).toEqual({
      imagePullSecret: {
        create: true,
        registry: 'registry.example.com:5000',
        username: 'robot',
        password: CANARY,
      },
      imagePullSecrets: ['regcred'],
    });
  });

  it('nests under jupyterhub: with --binderhub; names alone need no login', async () => {
    const run = await runCli(['jupyterhub', '--image-pull-secret', 'regcred', '--binderhub']);
    expect(run.code).toBe(0);
    expect(parse(run.stdout)).toEqual({ jupyterhub: { imagePullSecrets: ['regcred'] } });
  });

  it('writes DIR/values.yaml with mode 0600, nothing on stdout, no secret on stderr', async () => {
    const run = await runCli(['jupyterhub', ...LOGIN, '--output-dir', dir], { files: FILES });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toContain(CANARY);
    const path = join(dir, 'values.yaml');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(parse(await readFile(path, 'utf8')).imagePullSecret.password).toBe(CANARY);
  });

  it('bad input: exit 2, one sentence and a hint, nothing printed or written', async () => {
    const missing = join(dir, 'nope');
    const cases = [
      ['jupyterhub', ...LOGIN, '--output-dir', missing],
      ['jupyterhub', ...LOGIN, '--image-pull-secret', 'Bad_Name'],
      ['jupyterhub', 'frobnicate'],
    ];
    for (const args of cases) {
      const run = await runCli(args, { files: FILES });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: [^\n]+\.\n(hint: [^\n]+\n)?/);
      expect(run.stderr).not.toContain('    at ');
      expect(run.stderr).not.toContain(CANARY);
    }
    await expect(stat(missing)).rejects.toThrow();
  });

  describe('check', () => {
    it('exit 0 when nothing is found', async () => {
      const run = await runCli(['jupyterhub', 'check', '-f', 'values.yaml'], {
        files: { 'values.yaml': 'imagePullSecrets: [regcred]\n' },
      });
      expect(run).toMatchObject({ code: 0, stdout: '' });
    });

    it('exit 1 with one line per finding', async () => {
      const run = await runCli(['jupyterhub', 'check', '-f', 'values.yaml'], {
        files: { 'values.yaml': TRAP },
      });
      expect(run.code).toBe(1);
      expect(run.stdout.trimEnd().split('\n')).toEqual([
        'values.yaml: global.imagePullSecrets is never read by the JupyterHub chart (its schema lets global through), so the hub and user pods get no pull secret: move the registry, username and password to imagePullSecret with create: true.',
      ]);
    });

    it('exit 2 for unreadable input', async () => {
      for (const files of [{}, { 'values.yaml': 'a: [\n' }] as Record<string, string>[]) {
        const run = await runCli(['jupyterhub', 'check', '-f', 'values.yaml'], { files });
        expect(run.code).toBe(2);
        expect(run.stdout).toBe('');
        expect(run.stderr).toMatch(/^error: /);
      }
    });
  });
});

describe.skipIf(!findDockerRegistry())(
  'pull-secret jupyterhub --verify (docker-registry)',
  { tags: ['needs-docker-registry'] },
  () => {
    let registry: TestRegistry;
    let dir: string;
    beforeAll(async () => {
      registry = await startTestRegistry({ mode: 'token' });
      dir = await mkdtemp(join(tmpdir(), 'pull-secret-jh-verify-'));
    });
    afterAll(async () => {
      await registry?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    const run = (image: string) =>
      runCli(
        [
          'jupyterhub',
          '--registry',
          registry.host,
          '--username',
          'puller',
          '--password-stdin',
          '--output-dir',
          dir,
        ].concat(['--verify', `${registry.host}/${image}`, '--verify-ca-file', 'ca.pem']),
        { stdin: registry.puller.password, files: { 'ca.pem': registry.caPem! } },
      );

    it('writes nothing when the login cannot pull the image, then writes after the pull is proven', async () => {
      const failed = await run('team/app:v9');
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('nothing was written');
      await expect(stat(join(dir, 'values.yaml'))).rejects.toThrow();

      const ok = await run('team/app:v1');
      expect(ok.code).toBe(0);
      expect(ok.stderr).toMatch(/^verify 127\.0\.0\.1:\d+: ok: /);
      expect(parse(await readFile(join(dir, 'values.yaml'), 'utf8')).imagePullSecret.username).toBe('puller');
      expect(ok.stderr + failed.stderr).not.toContain(registry.puller.password);
    });
  },
);
