import {
  findDockerRegistry,
  type RoutingProxy,
  startRoutingProxy,
  startTestRegistry,
  type TestRegistry,
} from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSecretData, expectNoSecret, runCli } from './run-cli.js';

const INSTALLED = Boolean(findDockerRegistry());
const WRONG = 'CANARY-wrong-preset-token';

// One docker-registry plays ghcr.io, registry.gitlab.com and quay.io: its certificate names them and an
// HTTPS proxy routes their port 443 to it, so each preset talks to its own host name.
describe.skipIf(!INSTALLED)('the Quay, GHCR and GitLab presets against docker-registry', () => {
  let registry: TestRegistry;
  let proxy: RoutingProxy;
  let files: Record<string, string>;
  let env: Record<string, string>;
  beforeAll(async () => {
    registry = await startTestRegistry({
      mode: 'htpasswd',
      tlsHosts: ['ghcr.io', 'registry.gitlab.com', 'quay.io'],
    });
    proxy = await startRoutingProxy({
      'ghcr.io:443': registry.host,
      'registry.gitlab.com:443': registry.host,
      'quay.io:443': registry.host,
    });
    files = { 'ca.pem': registry.caPem! };
    env = { HTTPS_PROXY: proxy.url };
  });
  afterAll(async () => {
    await Promise.all([proxy?.close(), registry?.stop()]);
  });

  const create = (args: string[], stdin: string, extraEnv: Record<string, string> = {}) =>
    runCli(['create', 'pull', '--verify-ca-file', 'ca.pem', '-o', 'json', ...args], {
      stdin,
      files,
      env: { ...env, ...extraEnv },
    });

  it('ghcr: detected from the host, the token from GITHUB_TOKEN, verified and written under ghcr.io', async () => {
    const run = await create(['--registry', 'ghcr.io', '--verify', 'ghcr.io/team/app:v1'], '', {
      GITHUB_ACTOR: registry.puller.username,
      GITHUB_TOKEN: registry.puller.password,
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^verify ghcr\.io: ok: The credentials can pull team\/app:v1 from ghcr\.io\./);
    expect(Object.keys(JSON.parse(decodeSecretData(run.stdout)).auths)).toEqual(['ghcr.io']);
    expectNoSecret(run.stderr, [registry.puller.password], 'stderr');
  });

  it.each([
    [
      'ghcr',
      [
        '--registry',
        'ghcr.io',
        '--ghcr-username',
        'puller',
        '--ghcr-token-file',
        '-',
        '--verify',
        'ghcr.io/team/app:v1',
      ],
      /hint: ghcr\.io takes a classic personal access token with read:packages, .* it refuses fine-grained personal access tokens \(github_pat_…\)\. Check --ghcr-token-file\./,
    ],
    [
      'gitlab',
      ['--provider', 'gitlab', '--gitlab-token-file', '-', '--verify', 'registry.gitlab.com/team/app:v1'],
      /hint: GitLab needs a deploy token \(username gitlab\+deploy-token-N\) or an access token with the read_registry scope.* Check --gitlab-username and --gitlab-token-file\./,
    ],
    [
      'quay',
      [
        '--registry',
        'quay.io',
        '--quay-robot',
        'team+puller',
        '--quay-robot-token-file',
        '-',
        '--verify',
        'quay.io/team/app:v1',
      ],
      /hint: Quay robots log in as ORG\+NAME .* Check --quay-robot and --quay-robot-token-file\./,
    ],
  ])('%s: a refused --verify gives the preset’s own hint and writes nothing', async (_, args, hint) => {
    const run = await create(args, WRONG, { CI_DEPLOY_USER: 'gitlab+deploy-token-1' });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/: unauthorized: The registry rejected the username or password\./);
    expect(run.stderr).toMatch(hint);
    expect(run.stderr).not.toContain('robot$');
    expectNoSecret(run.stderr, [WRONG], 'stderr');
  });

  it('a static login to ghcr.io keeps working as before, and a refused one hears the GHCR hint', async () => {
    const good = await create(
      [
        '--registry',
        'ghcr.io',
        '--username',
        'puller',
        '--password-stdin',
        '--verify',
        'ghcr.io/team/app:v1',
      ],
      registry.puller.password,
    );
    expect(good.code).toBe(0);
    const { metadata } = JSON.parse(good.stdout) as { metadata: { annotations: Record<string, string> } };
    expect(metadata.annotations['pull-secret.dev/provider']).toBe('static');
    const refused = await create(
      [
        '--registry',
        'ghcr.io',
        '--username',
        'puller',
        '--password-stdin',
        '--verify',
        'ghcr.io/team/app:v1',
      ],
      WRONG,
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/hint: ghcr\.io takes a classic personal access token/);
  });

  it('pull-secret verify gives the hint of the host’s preset too', async () => {
    const run = await runCli(
      [
        'verify',
        '--server',
        'quay.io',
        '--username',
        'team+puller',
        '--password-stdin',
        '--image',
        'team/app:v1',
        '--ca-file',
        'ca.pem',
      ],
      { stdin: WRONG, files, env },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^unauthorized: .*\nhint: Quay robots log in as ORG\+NAME/);
  });
});
