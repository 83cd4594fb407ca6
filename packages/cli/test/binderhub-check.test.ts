// `pull-secret binderhub check`: exit 0 / 1 / 2, one line a finding, JSON, and --live against Debian's
// docker-registry. The traps themselves, and Helm's renderings of them, are tested in packages/binderhub.
import { readFileSync } from 'node:fs';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const trap = (name: string) =>
  readFileSync(new URL(`../../binderhub/test/traps/${name}`, import.meta.url), 'utf8');
const GOOD = { 'secret.yaml': trap('good-secret.yaml'), 'config.yaml': trap('good-config.yaml') };

describe('pull-secret binderhub check', () => {
  it('exit 0 and nothing on stdout when nothing is found', async () => {
    const run = await runCli(['binderhub', 'check', '-f', 'secret.yaml', '-f', 'config.yaml'], {
      files: GOOD,
    });
    expect(run).toEqual({ code: 0, stdout: '', stderr: 'No problems found in secret.yaml, config.yaml.\n' });
  });

  it('exit 1 with one line a finding: file, what, why, the fix; no password', async () => {
    const run = await runCli(['binderhub', 'check', '-f', 'values.yaml'], {
      files: { 'values.yaml': trap('removed-keys.yaml') },
    });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe(
      'values.yaml: registry.enabled was removed from the BinderHub chart, whose schema now refuses it, so helm install fails: use config.BinderHub.use_registry instead.',
    );
    expect(run.stdout + run.stderr).not.toContain('CANARY');
  });

  it('-o json: ok, and each finding with its file and key path', async () => {
    const run = await runCli(['binderhub', 'check', '-f', 'values.yaml', '-o', 'json'], {
      files: { 'values.yaml': trap('username-token.yaml') },
    });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      findings: [
        { file: 'values.yaml', path: 'registry.username', message: expect.stringContaining('<token>') },
      ],
    });
  });

  it('bad input: exit 2, one sentence and a hint, nothing on stdout, no stack', async () => {
    const cases: [string[], Record<string, string>][] = [
      [['binderhub', 'check'], {}],
      [['binderhub', 'check', '-f', 'missing.yaml'], {}],
      [['binderhub', 'check', '-f', 'values.yaml'], { 'values.yaml': 'registry: [\n' }],
      [['binderhub', 'check', '-f', 'values.yaml'], { 'values.yaml': '- a\n' }],
      [['binderhub', 'check', '-f', 'values.yaml', '--image', 'x/y:1'], GOOD],
      [['binderhub', 'check', '-f', 'secret.yaml', '-o', 'yaml'], GOOD],
      [['binderhub', 'frobnicate'], {}],
    ];
    for (const [args, files] of cases) {
      const run = await runCli(args, { files });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: [^\n]+\.\nhint: [^\n]+\n$/);
      expect(run.stderr).not.toContain('    at ');
    }
  });
});

describe.skipIf(!findDockerRegistry())(
  'pull-secret binderhub check --live (docker-registry)',
  { tags: ['needs-docker-registry'] },
  () => {
    let registry: TestRegistry;
    let strict: TestRegistry;
    beforeAll(async () => {
      [registry, strict] = await Promise.all([
        startTestRegistry({ mode: 'htpasswd' }),
        startTestRegistry({ mode: 'token', strictService: true }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([registry?.stop(), strict?.stop()]);
    });

    const secret = (r: TestRegistry, user: { username: string; password: string }) =>
      `registry:\n  url: ${r.url}\n  username: ${user.username}\n  password: ${user.password}\n`;
    const config = (r: TestRegistry, extra = '') =>
      `config:\n  BinderHub:\n    image_prefix: ${r.host}/team/r2d-\n${extra}`;
    // Both files and the registry's CA, checked --live; `extra` goes under config:.
    const checkLive = (
      r: TestRegistry,
      user: { username: string; password: string },
      args: string[],
      extra = '',
    ) =>
      runCli(
        [
          'binderhub',
          'check',
          '-f',
          'secret.yaml',
          '-f',
          'config.yaml',
          '--live',
          '--ca-file',
          'ca.pem',
          ...args,
        ],
        { files: { 'secret.yaml': secret(r, user), 'config.yaml': config(r, extra), 'ca.pem': r.caPem! } },
      );

    it('the binder pod will find images: exit 0, the requests it makes shown without credentials', async () => {
      const run = await checkLive(registry, registry.pusher, ['--image', `${registry.host}/team/app:v1`]);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toBe(
        `  GET ${registry.url}/v2/team/app/manifests/v1 -> 200\nThe binder pod will find built images: team/app:v1 is there (200), so BinderHub launches it without building.\n`,
      );
      expect(run.stdout + run.stderr).not.toContain('CANARY');
    });

    it('ACR-style service= in token_url against a token server that takes one service: exit 1, every launch rebuilds', async () => {
      const tokenUrl = `https://${strict.tokenIssuerHost}/token?service=test-registry`;
      const run = await checkLive(
        strict,
        strict.puller,
        ['-o', 'json'],
        `  DockerRegistry:\n    token_url: ${tokenUrl}\n`,
      );
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ ok: false, findings: [], live: { outcome: 'rebuilds' } });
      expect(result.live.requests[0].status).toBe(400);
      expect(result.live.message).toContain('builds again on every launch');
      expect(run.stdout + run.stderr).not.toContain('CANARY');
    });

    it('an untrusted registry certificate: exit 1 and the hint names --ca-file', async () => {
      const run = await runCli(['binderhub', 'check', '-f', 'secret.yaml', '--live'], {
        files: { 'secret.yaml': secret(registry, registry.pusher) + config(registry) },
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('hint: Pass the registry’s CA with --ca-file');
    });
  },
);
