// kubectl's habits the CLI keeps (the BUILT CLI against a kube-test-server): a bare --dry-run,
// --request-timeout 0 and verify --timeout 0 as "no limit", a KUBECONFIG list with missing files, and
// what it says when there is no kubeconfig at all.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { findDockerRegistry, startTestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, spawnCli } from './run-cli.js';

const PASSWORD = 'CANARY-kubectl-compat-pw';
let server: KubeTestServer;
let dir: string;
let kubeconfig: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pull-secret-kubectl-compat-'));
  server = await startKubeTestServer({ namespaces: ['apps'], serviceAccountDelayMs: 0 });
  kubeconfig = join(dir, 'config');
  await server.writeKubeconfig(kubeconfig);
});
afterAll(async () => {
  server.setLatency(0);
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const apply = (
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv = { KUBECONFIG: kubeconfig, HOME: dir },
) =>
  spawnCli(['apply', name, '--server', 'ghcr.io', '--username', 'me', '--password-stdin', ...args], {
    stdin: PASSWORD,
    env,
  });

describe('kubectl compatibility', () => {
  it('reads a bare --dry-run as --dry-run=client, warns as kubectl does, and still reads the next flag', async () => {
    server.resetRequests();
    const run = await apply('bare-dry', ['--dry-run', '--force', '-n', 'apps', '-o', 'json']);
    expect(run.stderr).toContain(
      'warning: --dry-run is deprecated and can be replaced with --dry-run=client.\n',
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      kind: 'Secret',
      metadata: { name: 'bare-dry', namespace: 'apps' },
    });
    expect(server.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    const created = await runCli(
      ['create', 'bare-create', '--username', 'u', '--password-stdin', '--dry-run', '-o', 'json'],
      {
        stdin: PASSWORD,
      },
    );
    expect(created.code).toBe(0);
    expect(created.stderr).toContain('--dry-run is deprecated and can be replaced with --dry-run=client.');
    expect(JSON.parse(created.stdout).metadata.name).toBe('bare-create');
    const boolean = await apply('bool-dry', ['--dry-run=true', '-n', 'apps', '-o', 'json']);
    expect(boolean.code).toBe(0);
    expect(boolean.stderr).toContain(
      'warning: --dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.\n',
    );
    expect(server.store.get('secrets', 'apps', 'bool-dry')).toBeUndefined();
  });

  it('takes --request-timeout 0 as no limit (kubectl), not as a limit of 0 ms', async () => {
    server.setLatency(50);
    try {
      const run = await apply('no-limit', ['-n', 'apps', '--request-timeout', '0']);
      expect(run.stderr).not.toContain('did not answer in time');
      expect(run.code).toBe(0);
      expect(server.store.get('secrets', 'apps', 'no-limit')).toBeDefined();
    } finally {
      server.setLatency(0);
    }
  });

  it('skips the missing files of a KUBECONFIG list, as kubectl does', async () => {
    const list = [join(dir, 'missing'), kubeconfig, join(dir, 'gone')].join(delimiter);
    const run = await apply('from-list', ['-n', 'apps'], { KUBECONFIG: list, HOME: dir });
    expect(run.code).toBe(0);
    expect(server.store.get('secrets', 'apps', 'from-list')).toBeDefined();
  });

  it('with no kubeconfig anywhere, says so and what it looked at (exit 2), not localhost:8080', async () => {
    const home = join(dir, 'empty-home');
    await mkdir(home, { recursive: true });
    const run = await apply('nowhere', ['-n', 'apps'], { HOME: home });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `error: No kubeconfig found; looked at ${join(home, '.kube', 'config')}, the in-cluster ServiceAccount (/var/run/secrets/kubernetes.io/serviceaccount/token).\n` +
        'hint: Set KUBECONFIG, or give the kubeconfig file with --kubeconfig.\n',
    );
    expect(run.stderr).not.toContain('localhost:8080');
    const list = await apply('nowhere', ['-n', 'apps'], { KUBECONFIG: join(dir, 'missing'), HOME: home });
    expect(list.code).toBe(2);
    expect(list.stderr).toContain(
      `error: No kubeconfig found; looked at KUBECONFIG (${join(dir, 'missing')}: no such file)`,
    );
  });
});

describe.skipIf(!findDockerRegistry())('verify --timeout 0', () => {
  it('is no limit: the check runs to its answer', async () => {
    const registry = await startTestRegistry({ mode: 'htpasswd' });
    try {
      const run = await runCli(
        [
          'verify',
          '--server',
          registry.host,
          '--username',
          registry.puller.username,
          '--password-stdin',
          '--image',
          'team/app:v1',
          '--ca-file',
          'ca.pem',
          '--timeout',
          '0',
        ],
        { stdin: registry.puller.password, files: { 'ca.pem': registry.caPem! } },
      );
      expect(run.stdout).toMatch(/^ok: /);
      expect(run.code).toBe(0);
      const limited = await runCli(
        [
          'verify',
          '--server',
          registry.host,
          '--username',
          registry.puller.username,
          '--password-stdin',
          '--image',
          'team/app:v1',
          '--ca-file',
          'ca.pem',
          '--request-timeout',
          '1m30s',
        ],
        { stdin: registry.puller.password, files: { 'ca.pem': registry.caPem! } },
      );
      expect(limited.code).toBe(0);
    } finally {
      await registry.stop();
    }
  });
});
