// verify-image against the real registry (Debian's docker-registry, token auth): the Action writes
// the Secret only when the credential can pull the image, and says why when it cannot.
import {
  findDockerRegistry,
  type RoutingProxy,
  startRoutingProxy,
  startTestRegistry,
  type TestRegistry,
} from '@pull-secret/test-registry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ActionRun, expectMaskedOnly, runAction } from './run-action.js';

const HAVE_REGISTRY = Boolean(findDockerRegistry());
if (!HAVE_REGISTRY)
  console.warn('verify-image: SKIPPED — docker-registry is not installed (apt-get install docker-registry).');

// In CI the registry must be there: .ci/run installs it.
it.runIf(Boolean(process.env.CI))('has docker-registry in CI', () => {
  expect(HAVE_REGISTRY, 'docker-registry is missing; .ci/run should have installed it').toBe(true);
});

describe.skipIf(!HAVE_REGISTRY)('verify-image', { tags: ['needs-docker-registry'] }, () => {
  let registry: TestRegistry;
  const runs: ActionRun[] = [];
  beforeAll(async () => {
    registry = await startTestRegistry({ mode: 'token' });
  });
  afterAll(async () => {
    await registry?.stop();
  });
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.cleanup()));
  });

  async function action(user: { username: string; password: string }, image: string): Promise<ActionRun> {
    const run = await runAction({
      mode: 'manifest',
      registry: registry.host,
      username: user.username,
      password: user.password,
      'secret-name': 'verified',
      'verify-image': image,
      'verify-ca': registry.caPem!,
    });
    runs.push(run);
    return run;
  }

  it('writes the Secret when the credential can pull the image', async () => {
    const run = await action(registry.puller, `${registry.host}/team/app:v1`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`pull-secret: verified ${registry.host}/team/app:v1: ok (bearer auth)`);
    expect(run.outputs['manifest-path']).toBeTruthy();
    expect(
      expectMaskedOnly(run.stdout + run.summary + run.outputFile, [registry.puller.password], 'the run'),
    ).toBeUndefined();
  });

  it.each([
    ['a user with an empty grant', 'noPull', 'team/app:v1', 'denied'],
    ['a tag that is not there', 'puller', 'team/app:nope', 'not-found'],
  ] as const)('fails with one line and writes nothing for %s', async (_, who, repository, outcome) => {
    const user = registry[who];
    const run = await action(user, `${registry.host}/${repository}`);
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`verify-image ${registry.host}/${repository}: ${outcome}:`);
    expect(errors[0]).toContain('nothing was written');
    expect(run.outputs['manifest-path']).toBeUndefined();
    expect(
      expectMaskedOnly(run.stdout + run.summary + run.outputFile, [user.password], 'the run'),
    ).toBeUndefined();
  });

  it('refuses an image no registry in the Secret serves', async () => {
    const run = await action(registry.puller, 'quay.io/team/app:v1');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::No registry in the Secret serves quay.io/team/app:v1.');
  });
});

describe.skipIf(!HAVE_REGISTRY)('verify-image with the ghcr preset', () => {
  let registry: TestRegistry;
  let proxy: RoutingProxy;
  const runs: ActionRun[] = [];
  beforeAll(async () => {
    // docker-registry answers for ghcr.io: its certificate names it, and a proxy routes ghcr.io:443 to it.
    registry = await startTestRegistry({ mode: 'htpasswd', tlsHosts: ['ghcr.io'] });
    proxy = await startRoutingProxy({ 'ghcr.io:443': registry.host });
  });
  afterAll(async () => {
    await Promise.all([proxy?.close(), registry?.stop()]);
  });
  afterEach(async () => {
    await Promise.all(runs.splice(0).map((run) => run.cleanup()));
  });

  it('words the preset’s hint with inputs when ghcr.io refuses the token, and writes nothing', async () => {
    const token = 'CANARY-action-ghcr-wrong-token';
    const run = await runAction(
      {
        mode: 'manifest',
        registry: 'ghcr.io',
        'ghcr-username': 'puller',
        'ghcr-token': token,
        'secret-name': 'ghcr-pull',
        'verify-image': 'ghcr.io/team/app:v1',
        'verify-ca': registry.caPem!,
      },
      { HTTPS_PROXY: proxy.url },
    );
    runs.push(run);
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('verify-image ghcr.io/team/app:v1: unauthorized:');
    expect(errors[0]).toContain(
      'fine-grained personal access tokens (github_pat_…). Check the input ghcr-token.',
    );
    expect(proxy.tunnels).toContain('ghcr.io:443');
    expect(run.outputs['manifest-path']).toBeUndefined();
    expect(expectMaskedOnly(run.stdout + run.summary + run.outputFile, [token], 'the run')).toBeUndefined();
  });
});

describe('verify-ca with no certificate in it', () => {
  it('fails the step at once, in one line, before any registry is asked', async () => {
    const run = await runAction({
      mode: 'manifest',
      registry: '127.0.0.1:9',
      username: 'me',
      password: 'CANARY-verify-ca-pw',
      'secret-name': 'verified',
      'verify-image': '127.0.0.1:9/team/app:v1',
      'verify-ca': 'not a pem',
    });
    try {
      expect(run.code).toBe(1);
      const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
      expect(errors).toEqual([
        '::error::The input verify-ca holds no PEM certificate. Give PEM certificates (-----BEGIN CERTIFICATE-----), such as "pull-secret certificates HOST" prints.',
      ]);
      expect(run.stdout).not.toContain('verify-image 127.0.0.1:9');
      expect(run.outputs['manifest-path']).toBeUndefined();
    } finally {
      await run.cleanup();
    }
  });
});
