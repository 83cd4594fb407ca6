// mode: binderhub, run from the bundle as the runner does: both values files under RUNNER_TEMP (the
// secret one 0600 and masked), their paths as outputs, push and pull proven against Debian's
// docker-registry before anything is written, and bad input refused before any login.
import { readdir, readFile, stat } from 'node:fs/promises';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ActionRun, expectMaskedOnly, runAction } from './run-action.js';

const runs: ActionRun[] = [];
const action = async (inputs: Record<string, string>) => {
  const run = await runAction(inputs);
  runs.push(run);
  return run;
};
afterAll(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

const PASSWORD = 'CANARY-bh-action-push';
const PULL_PASSWORD = 'CANARY-bh-action-pull';

describe('mode: binderhub', () => {
  it('writes secret.yaml (0600, masked) and config.yaml, and outputs their paths', async () => {
    const run = await action({
      mode: 'binderhub',
      registry: 'ghcr.io',
      username: 'octo',
      password: PASSWORD,
      project: 'octo',
      jupyterhub: 'true',
      'pull-username': 'reader',
      'pull-password': PULL_PASSWORD,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const secretPath = run.outputs['secret-values-path']!;
    const configPath = run.outputs['config-values-path']!;
    expect(secretPath.startsWith(run.runnerTemp)).toBe(true);
    expect((await stat(secretPath)).mode & 0o777).toBe(0o600);
    const secretYaml = await readFile(secretPath, 'utf8');
    expect(parse(secretYaml)).toEqual({
      registry: { url: 'https://ghcr.io', username: 'octo', password: PASSWORD },
      jupyterhub: {
        imagePullSecret: { create: true, registry: 'ghcr.io', username: 'reader', password: PULL_PASSWORD },
      },
    });
    expect(parse(await readFile(configPath, 'utf8'))).toEqual({
      config: { BinderHub: { use_registry: true, image_prefix: 'ghcr.io/octo/binder-' } },
    });
    expect(run.outputs['image-prefix']).toBe('ghcr.io/octo/binder-');
    // Every secret, and the secret file's text, is masked; none appears elsewhere in the log or outputs.
    expect(run.stdout).toContain(`::add-mask::${PULL_PASSWORD}`);
    // As the file spells it, quotes included; the file's other lines are no secret and stay readable.
    expect(run.stdout).toContain(`::add-mask::"${PASSWORD}"`);
    expect(run.stdout).not.toContain('::add-mask::registry:');
    expect(
      expectMaskedOnly(run.stdout + run.outputFile, [PASSWORD, PULL_PASSWORD], 'the log'),
    ).toBeUndefined();
  });

  it('bad input fails before any login and writes nothing', async () => {
    for (const [inputs, message] of [
      [{ 'secret-name': 'regcred' }, 'mode: binderhub names no Secret'],
      [{ 'registry-kind': 'nexus' }, 'The input registry-kind must be a registry kind'],
      [{ 'pull-username': 'reader' }, 'pull-username and pull-password go together'],
      [{ 'image-prefix': 'ghcr.io/x' }, 'needs at least 2'],
    ] as const) {
      const run = await action({
        mode: 'binderhub',
        registry: 'ghcr.io',
        username: 'octo',
        password: PASSWORD,
        ...inputs,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(message);
      expect(run.outputs['secret-values-path']).toBeUndefined();
      expect(
        (await readdir(run.runnerTemp)).filter((name) => name.startsWith('pull-secret-binderhub')),
      ).toEqual([]);
    }
    const apply = await action({ 'secret-name': 'regcred', username: 'u', password: 'p', project: 'octo' });
    expect(apply.code).toBe(1);
    expect(apply.stdout).toContain('The input project is for mode: binderhub.');
  });
});

describe.skipIf(!findDockerRegistry())(
  'mode: binderhub with verify-push (docker-registry)',
  { tags: ['needs-docker-registry'] },
  () => {
    let registry: TestRegistry;
    beforeAll(async () => {
      registry = await startTestRegistry({ mode: 'token' });
    });
    afterAll(async () => {
      await registry?.stop();
    });

    const run = (push: { username: string; password: string }, image: string) =>
      action({
        mode: 'binderhub',
        registry: registry.host,
        username: push.username,
        password: push.password,
        project: 'team',
        prefix: 'app-',
        jupyterhub: 'true',
        'pull-username': registry.puller.username,
        'pull-password': registry.puller.password,
        'verify-push': 'true',
        'verify-image': `${registry.host}/${image}`,
        'verify-ca': registry.caPem!,
      });

    it('writes nothing when the build login cannot push, and writes once push and pull are proven', async () => {
      const failed = await run(registry.puller, 'team/app:v1');
      expect(failed.code).toBe(1);
      expect(failed.stdout).toMatch(/::error::verify-push: denied: .*nothing was written/);
      expect(failed.outputs['secret-values-path']).toBeUndefined();

      const ok = await run(registry.pushOnly, 'team/app:v1');
      expect(ok.code, ok.stdout).toBe(0);
      expect(ok.stdout).toContain('pull-secret: verify-push: ok');
      const secret = parse(await readFile(ok.outputs['secret-values-path']!, 'utf8'));
      expect(secret.registry.username).toBe(registry.pushOnly.username);
      expect(secret.jupyterhub.imagePullSecret.username).toBe(registry.puller.username);
    });
  },
);
