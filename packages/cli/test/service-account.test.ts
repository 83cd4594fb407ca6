// apply --service-account against a kube-test-server: names checked before any call, no waiting for a
// ServiceAccount that no controller will make, and a missing one counted as a failure where it is shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KubeCliHarness, startKubeCli, tableRows } from './kube-cli.js';

const PASSWORD = 'CANARY-service-account-pw';
let kube: KubeCliHarness;

beforeAll(async () => {
  kube = await startKubeCli({ namespaces: ['sa-1', 'sa-2', 'sa-3'] });
});
afterAll(async () => {
  await kube?.close();
});

const apply = (...args: string[]) =>
  kube.run(
    ['apply', 'sa-pull', '--server', 'ghcr.io', '--username', 'me', '--password-stdin', ...args],
    PASSWORD,
  );

describe('apply --service-account', () => {
  it('refuses a name that is no ServiceAccount name before any call (exit 2)', async () => {
    const run = await apply('-n', 'sa-1', '--service-account', 'Build_Bot');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'error: "Build_Bot" is not a valid ServiceAccount name: it must be at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.\nhint: Check the --service-account value, e.g. default.\n',
    );
    expect(kube.server.requests).toEqual([]);
  });

  it('a missing ServiceAccount in existing namespaces: one read each, no waiting, and "3 failed" with exit 1', async () => {
    const run = await apply('-n', 'sa-1,sa-2,sa-3', '--service-account', 'defualt');
    expect(run.code).toBe(1);
    // Read once per namespace: no polling for a ServiceAccount no controller makes.
    const reads = kube.server.requests.filter((request) => request.path.endsWith('/serviceaccounts/defualt'));
    expect(reads.map((request) => request.path).sort()).toEqual(
      ['sa-1', 'sa-2', 'sa-3'].map((ns) => `/api/v1/namespaces/${ns}/serviceaccounts/defualt`),
    );
    expect(run.stderr).toContain(
      'secret sa-pull: 0 created, 0 updated, 0 unchanged, 0 skipped, 0 refused, 3 failed\n',
    );
    for (const ns of ['sa-1', 'sa-2', 'sa-3']) {
      const row = tableRows(run.stderr).find((cells) => cells[0] === ns);
      expect(row?.slice(1)).toEqual([
        'failed',
        'ghcr.io',
        'defualt (failed)',
        'secret created, but serviceaccount "defualt" not found',
      ]);
      // The Secret itself was written.
      expect(kube.server.store.get('secrets', ns, 'sa-pull')).toBeDefined();
    }
  });

  it('a pre-existing namespace whose default exists: added, no namespace read needed', async () => {
    const run = await apply('-n', 'sa-1', '--service-account', 'default');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('default (added)');
    expect(kube.server.requests.filter((request) => request.path === '/api/v1/namespaces/sa-1')).toEqual([]);
  });
});

describe('apply --service-account default', () => {
  let slow: KubeCliHarness;
  beforeAll(async () => {
    // A controller that would make a deleted `default` again only after a minute.
    slow = await startKubeCli({ namespaces: ['old-ns'], serviceAccountDelayMs: 60_000 });
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('is not waited for in a namespace that is not new: one read of it, then failed', async () => {
    slow.server.store.delete('serviceaccounts', 'old-ns', 'default');
    // The namespace was made long ago (the test server stores what it is given; this backdates it).
    const namespace = slow.server.store.peek('namespaces', '', 'old-ns')!;
    (namespace.metadata as { creationTimestamp?: string }).creationTimestamp = '2020-01-01T00:00:00Z';
    const run = await slow.run(
      [
        'apply',
        'sa-pull',
        '--server',
        'ghcr.io',
        '--username',
        'me',
        '--password-stdin',
        '-n',
        'old-ns',
        '--service-account',
        'default',
      ],
      PASSWORD,
    );
    expect(run.code).toBe(1);
    const reads = slow.server.requests.filter((request) => request.path.endsWith('/serviceaccounts/default'));
    expect(reads).toHaveLength(1);
    expect(run.stderr).toContain(
      'secret sa-pull: 0 created, 0 updated, 0 unchanged, 0 skipped, 0 refused, 1 failed\n',
    );
  });
});
