// `pull-secret apply` end to end: the BUILT command (bin/pull-secret.js, so run `nx run-many -t build`
// first; nx does before `test`) as a child process against a kube-test-server, with the password on
// standard input. Exit codes, what reached the server (the write requests in its log), what it stored,
// and that the password never shows up in what the command prints, in any of its forms.
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kubeconfigYaml } from '@pull-secret/kube-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSecret,
  type KubeCliHarness,
  type KubeCliRun,
  secretForms,
  startKubeCli,
  storedDockerConfig,
  tableRows,
} from './kube-cli.js';

const CANARY = `CANARY-cli-apply-${randomBytes(6).toString('hex')}`;
const CANARY_2 = `${CANARY}-rotated`;
const LEAKS = [...secretForms('me', CANARY), ...secretForms('me', CANARY_2)];
const NAMESPACES = ['app-1', 'app-2', 'app-3', 'sa-ns', 'team-a', 'team-b', 'team-c', 'doomed'];

let kube: KubeCliHarness;

beforeAll(async () => {
  kube = await startKubeCli({ namespaces: NAMESPACES });
  for (const [name, team] of [
    ['team-a', 'data'],
    ['team-b', 'data'],
    ['team-c', 'web'],
  ] as const) {
    const namespace = kube.server.store.get('namespaces', name)!;
    kube.server.store.put({ ...namespace, metadata: { ...namespace.metadata, labels: { team } } });
  }
});

afterAll(async () => {
  await kube?.close();
});

/** `pull-secret apply NAME --server ghcr.io --username me --password-stdin ARGS`, password `password`. */
async function apply(
  name: string,
  args: string[],
  { password = CANARY, manifestsOnStdout = false } = {},
): Promise<KubeCliRun> {
  const run = await kube.run(
    ['apply', name, '--server', 'ghcr.io', '--username', 'me', '--password-stdin', ...args],
    `${password}\n`,
  );
  expectNoSecret(run.stderr, LEAKS, 'stderr');
  // With --dry-run=client the manifests on stdout are the deliverable: their data is the secret.
  if (!manifestsOnStdout) expectNoSecret(run.stdout, LEAKS, 'stdout');
  return run;
}

function storedSecret(namespace: string, name: string) {
  return kube.server.store.get('secrets', namespace, name);
}

function dockerConfig(password: string) {
  const auth = Buffer.from(`me:${password}`).toString('base64');
  return { auths: { 'ghcr.io': { username: 'me', password, auth } } };
}

/** The table's row for a namespace. */
function row(stderr: string, namespace: string): string[] | undefined {
  return tableRows(stderr).find((cells) => cells[0] === namespace);
}

function json(run: KubeCliRun) {
  return JSON.parse(run.stdout) as {
    secret: string;
    dryRun: string;
    ok: boolean;
    namespaces: { namespace: string; outcome: string; reason?: string; registries: string[] }[];
  };
}

describe('pull-secret apply (built CLI against kube-test-server)', () => {
  it('creates, then leaves unchanged without a write, then updates: exit 0 each time', async () => {
    const created = await apply('cred', ['-n', 'app-1,app-2']);
    expect(created.code).toBe(0);
    expect(created.stdout).toBe('');
    expect(row(created.stderr, 'app-1')).toEqual(['app-1', 'created', 'ghcr.io', '', '']);
    expect(row(created.stderr, 'app-2')).toEqual(['app-2', 'created', 'ghcr.io', '', '']);
    expect(created.stderr).toContain('secret cred: 2 created, 0 updated, 0 unchanged');
    expect(created.writes.map((w) => `${w.method} ${w.path}`).sort()).toEqual([
      'POST /api/v1/namespaces/app-1/secrets',
      'POST /api/v1/namespaces/app-2/secrets',
    ]);
    const secret = storedSecret('app-1', 'cred');
    expect(secret).toMatchObject({
      type: 'kubernetes.io/dockerconfigjson',
      metadata: {
        labels: { 'app.kubernetes.io/managed-by': 'pull-secret' },
        annotations: { 'pull-secret.dev/registries': 'ghcr.io' },
      },
    });
    expect(storedDockerConfig(secret)).toEqual(dockerConfig(CANARY));

    const again = await apply('cred', ['-n', 'app-1,app-2']);
    expect(again.code).toBe(0);
    expect(row(again.stderr, 'app-1')?.[1]).toBe('unchanged');
    expect(again.stderr).toContain('0 created, 0 updated, 2 unchanged');
    expect(again.writes).toEqual([]);
    expect(storedSecret('app-1', 'cred')?.metadata.resourceVersion).toBe(secret?.metadata.resourceVersion);

    const rotated = await apply('cred', ['-n', 'app-1,app-2'], { password: CANARY_2 });
    expect(rotated.code).toBe(0);
    expect(rotated.stderr).toContain('0 created, 2 updated, 0 unchanged');
    expect(rotated.writes.map((w) => `${w.method} ${w.path}`).sort()).toEqual([
      'PUT /api/v1/namespaces/app-1/secrets/cred',
      'PUT /api/v1/namespaces/app-2/secrets/cred',
    ]);
    expect(storedDockerConfig(storedSecret('app-2', 'cred'))).toEqual(dockerConfig(CANARY_2));
  });

  it('-o json prints one entry per namespace on stdout and no table', async () => {
    const run = await apply('jsoncred', ['-n', 'app-1', '-n', 'app-3', '-o', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(json(run)).toEqual({
      secret: 'jsoncred',
      dryRun: 'none',
      ok: true,
      namespaces: [
        { namespace: 'app-1', outcome: 'created', registries: ['ghcr.io'], serviceAccounts: [] },
        { namespace: 'app-3', outcome: 'created', registries: ['ghcr.io'], serviceAccounts: [] },
      ],
    });
  });

  it('exits 1 when a namespace does not exist, after writing the others', async () => {
    const run = await apply('partial', ['-n', 'missing,app-3']);
    expect(run.code).toBe(1);
    expect(row(run.stderr, 'missing')).toEqual([
      'missing',
      'failed',
      '',
      '',
      'namespace "missing" not found',
    ]);
    expect(row(run.stderr, 'app-3')?.[1]).toBe('created');
    expect(run.stderr).toContain('1 created, 0 updated, 0 unchanged, 0 skipped, 0 refused, 1 failed');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(storedDockerConfig(storedSecret('app-3', 'partial'))).toEqual(dockerConfig(CANARY));
  });

  it('exits 1 when a Secret it did not create is refused, after writing the others', async () => {
    const theirs = kube.server.store.put({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/dockerconfigjson',
      metadata: { name: 'shared', namespace: 'app-1' },
      data: {
        '.dockerconfigjson': Buffer.from('{"auths":{"quay.io":{"auth":"eDp5"}}}').toString('base64'),
      },
    });
    const run = await apply('shared', ['-n', 'app-1,app-2', '-o', 'json']);
    expect(run.code).toBe(1);
    const report = json(run);
    expect(report.ok).toBe(false);
    expect(report.namespaces[0]).toMatchObject({
      namespace: 'app-1',
      outcome: 'refused',
      reason: expect.stringContaining('--force'),
    });
    expect(report.namespaces[1]).toMatchObject({ namespace: 'app-2', outcome: 'created' });
    expect(run.writes.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /api/v1/namespaces/app-2/secrets']);
    expect(storedSecret('app-1', 'shared')).toEqual(theirs);
    expect(storedDockerConfig(storedSecret('app-2', 'shared'))).toEqual(dockerConfig(CANARY));
  });

  it.each([
    ['-n with -A', ['-n', 'app-1', '-A'], /^error: -n cannot be combined with --all-namespaces\./],
    ['--dry-run=bogus', ['-n', 'app-1', '--dry-run=bogus'], /^error: --dry-run must be client, server/],
    ['--concurrency 0', ['-n', 'app-1', '--concurrency', '0'], /^error: --concurrency must be/],
    [
      'an unknown --context',
      ['-n', 'app-1', '--context', 'nope'],
      /^error: The kubeconfig has no context "nope"/,
    ],
  ])('exits 2 on bad usage (%s) and writes nothing', async (_, args, message) => {
    const run = await apply('usage', args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/\nhint: .+\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout).toBe('');
    expect(run.writes).toEqual([]);
    expect(storedSecret('app-1', 'usage')).toBeUndefined();
  });

  it('--diff prints the changes without secrets and writes nothing', async () => {
    expect((await apply('diffcred', ['-n', 'app-1'])).code).toBe(0);
    const before = storedSecret('app-1', 'diffcred');
    const run = await apply('diffcred', ['-n', 'app-1,app-2', '--diff'], { password: CANARY_2 });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        '~ secret app-1/diffcred',
        '~ registry ghcr.io (new credentials)',
        '+ secret app-2/diffcred',
        '+ registry ghcr.io',
        '',
      ].join('\n'),
    );
    expect(run.stderr).toContain('(diff: nothing written)');
    expect(run.writes).toEqual([]);
    expect(storedSecret('app-1', 'diffcred')).toEqual(before);
    expect(storedSecret('app-2', 'diffcred')).toBeUndefined();

    const none = await apply('diffcred', ['-n', 'app-1', '--diff']);
    expect(none).toMatchObject({ code: 0, stdout: 'No changes.\n', writes: [] });
  });

  it('--diff -o json prints the changes as JSON, and nothing else on stdout', async () => {
    expect((await apply('jsondiff', ['-n', 'app-1'])).code).toBe(0);
    const run = await apply('jsondiff', ['-n', 'app-1,app-2', '--diff', '-o', 'json'], {
      password: CANARY_2,
    });
    expect(run.code).toBe(0);
    expect(run.writes).toEqual([]);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({
      secret: 'jsondiff',
      dryRun: 'client',
      diff: true,
      ok: true,
      changed: true,
    });
    expect(
      report.namespaces.map((ns: { namespace: string; changes: unknown }) => [ns.namespace, ns.changes]),
    ).toEqual([
      [
        'app-1',
        [
          { op: 'change', kind: 'secret', what: 'app-1/jsondiff' },
          { op: 'change', kind: 'registry', what: 'ghcr.io (new credentials)' },
        ],
      ],
      [
        'app-2',
        [
          { op: 'add', kind: 'secret', what: 'app-2/jsondiff' },
          { op: 'add', kind: 'registry', what: 'ghcr.io' },
        ],
      ],
    ]);
    const none = await apply('jsondiff', ['-n', 'app-1', '--diff', '-o', 'json']);
    expect(JSON.parse(none.stdout)).toMatchObject({
      changed: false,
      namespaces: [{ namespace: 'app-1', changes: [] }],
    });
  });

  it('--dry-run=client prints the manifests on stdout only and writes nothing', async () => {
    expect((await apply('clientcred', ['-n', 'app-1'])).code).toBe(0);
    const yaml = await apply('clientcred', ['-n', 'app-1,app-2', '--dry-run=client'], {
      password: CANARY_2,
      manifestsOnStdout: true,
    });
    expect(yaml.code).toBe(0);
    expect(yaml.writes).toEqual([]);
    expect(yaml.stderr).toContain('1 created, 1 updated, 0 unchanged');
    expect(yaml.stderr).toContain('(dry run: nothing written)');
    expectNoSecret(
      yaml.stderr,
      [Buffer.from(JSON.stringify(dockerConfig(CANARY_2))).toString('base64')],
      'stderr',
    );
    const documents = yaml.stdout.split(/^---$/m);
    expect(documents).toHaveLength(2);
    expect(documents[1]).toMatch(/^kind: Secret$/m);
    expect(documents[1]).toMatch(/^ {2}namespace: app-2$/m);
    // kubectl must be able to read the manifest back: RFC 3339 timestamps, zone included.
    expect(documents[0]).toMatch(/^ {2}creationTimestamp: "?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"?$/m);
    const encoded = /^ {2}\.dockerconfigjson: (\S+)$/m.exec(documents[1]!)?.[1];
    expect(JSON.parse(Buffer.from(encoded ?? '', 'base64').toString('utf8'))).toEqual(dockerConfig(CANARY_2));
    expect(storedDockerConfig(storedSecret('app-1', 'clientcred'))).toEqual(dockerConfig(CANARY));
    expect(storedSecret('app-2', 'clientcred')).toBeUndefined();

    const asJson = await apply('clientcred', ['-n', 'app-2', '--dry-run=client', '-o', 'json'], {
      manifestsOnStdout: true,
    });
    expect(asJson.code).toBe(0);
    expect(asJson.writes).toEqual([]);
    expectNoSecret(
      asJson.stderr,
      [Buffer.from(JSON.stringify(dockerConfig(CANARY))).toString('base64')],
      'stderr',
    );
    const manifest = JSON.parse(asJson.stdout);
    expect(manifest).toMatchObject({ kind: 'Secret', metadata: { name: 'clientcred', namespace: 'app-2' } });
    expect(storedDockerConfig(manifest)).toEqual(dockerConfig(CANARY));
  });

  it('--dry-run=server sends the writes with dryRun=All and nothing is stored', async () => {
    const run = await apply('servercred', ['-n', 'app-3', '--dry-run=server']);
    expect(run.code).toBe(0);
    expect(row(run.stderr, 'app-3')?.[1]).toBe('created');
    expect(run.stderr).toContain('(server dry run: nothing stored)');
    expect(run.writes).toEqual([
      { method: 'POST', path: '/api/v1/namespaces/app-3/secrets', query: { dryRun: 'All' } },
    ]);
    expect(storedSecret('app-3', 'servercred')).toBeUndefined();
  });

  it('--service-account default adds the Secret once over two runs and keeps the other entries', async () => {
    const account = kube.server.store.get('serviceaccounts', 'sa-ns', 'default')!;
    kube.server.store.put({ ...account, imagePullSecrets: [{ name: 'other-pull' }] });
    const first = await apply('sacred', ['-n', 'sa-ns', '--service-account', 'default']);
    expect(first.code).toBe(0);
    expect(row(first.stderr, 'sa-ns')).toEqual(['sa-ns', 'created', 'ghcr.io', 'default (added)', '']);
    expect(first.writes.map((w) => `${w.method} ${w.path}`)).toEqual([
      'POST /api/v1/namespaces/sa-ns/secrets',
      'PATCH /api/v1/namespaces/sa-ns/serviceaccounts/default',
    ]);
    const second = await apply('sacred', ['-n', 'sa-ns', '--service-account', 'default']);
    expect(second.code).toBe(0);
    expect(row(second.stderr, 'sa-ns')).toEqual(['sa-ns', 'unchanged', 'ghcr.io', 'default (present)', '']);
    expect(second.writes).toEqual([]);
    expect(kube.server.store.get('serviceaccounts', 'sa-ns', 'default')?.imagePullSecrets).toEqual([
      { name: 'other-pull' },
      { name: 'sacred' },
    ]);
  });

  it('--namespace-selector picks namespaces by label, --exclude-namespace leaves some out', async () => {
    const selected = await apply('selcred', ['--namespace-selector', 'team=data', '-o', 'json']);
    expect(selected.code).toBe(0);
    expect(json(selected).namespaces.map((ns) => [ns.namespace, ns.outcome])).toEqual([
      ['team-a', 'created'],
      ['team-b', 'created'],
    ]);
    expect(selected.writes).toHaveLength(2);

    const narrowed = await apply('selcred2', [
      '--namespace-selector',
      'team',
      '--exclude-namespace',
      'team-b',
      '-o',
      'json',
    ]);
    expect(json(narrowed).namespaces.map((ns) => ns.namespace)).toEqual(['team-a', 'team-c']);

    // A comma list with spaces, as -n takes it.
    const spaced = await apply('selcred3', [
      '--namespace-selector',
      'team',
      '--exclude-namespace',
      'team-a, team-c',
      '-o',
      'json',
    ]);
    expect(json(spaced).namespaces.map((ns) => ns.namespace)).toEqual(['team-b']);

    const excluded = await apply('exclcred', [
      '-A',
      '--exclude-namespace',
      'kube-*',
      '--exclude-namespace',
      'app-*',
      '--exclude-namespace',
      'team-*',
      '--exclude-namespace',
      'doomed',
      '-o',
      'json',
    ]);
    expect(excluded.code).toBe(0);
    expect(json(excluded).namespaces.map((ns) => ns.namespace)).toEqual(['default', 'sa-ns']);
    // Namespaces are written concurrently: the order of the writes is not part of the contract.
    expect(excluded.writes.map((w) => w.path).sort()).toEqual([
      '/api/v1/namespaces/default/secrets',
      '/api/v1/namespaces/sa-ns/secrets',
    ]);
  });

  it('-A skips a namespace being deleted, reports it, and writes to the others', async () => {
    kube.server.markNamespaceTerminating('doomed');
    const run = await apply('termcred', ['-A', '--exclude-namespace', 'kube-*', '-o', 'json']);
    expect(run.code).toBe(0);
    const report = json(run);
    expect(report.namespaces.find((ns) => ns.namespace === 'doomed')).toEqual({
      namespace: 'doomed',
      outcome: 'skipped',
      reason: 'the namespace is being deleted',
      registries: [],
      serviceAccounts: [],
    });
    const written = report.namespaces.filter((ns) => ns.outcome === 'created').map((ns) => ns.namespace);
    expect(written.sort()).toEqual([
      'app-1',
      'app-2',
      'app-3',
      'default',
      'sa-ns',
      'team-a',
      'team-b',
      'team-c',
    ]);
    expect(run.writes.map((w) => w.path).sort()).toEqual(
      written.map((ns) => `/api/v1/namespaces/${ns}/secrets`).sort(),
    );
    expect(storedSecret('doomed', 'termcred')).toBeUndefined();

    const text = await apply('termcred', ['-A', '--exclude-namespace', 'kube-*']);
    expect(text.code).toBe(0);
    expect(row(text.stderr, 'doomed')).toEqual([
      'doomed',
      'skipped',
      '',
      '',
      'the namespace is being deleted',
    ]);
    expect(text.stderr).toContain('0 created, 0 updated, 8 unchanged, 1 skipped');
  });
});

describe('pull-secret apply by an identity that may not list cluster-wide', () => {
  it('prints one warning, reads each namespace, and writes them all', async () => {
    const six = ['ns-a', 'ns-b', 'ns-c', 'ns-d', 'ns-e', 'ns-f'];
    const limited = await startKubeCli({ namespaces: six, tokens: { 'six-only': { namespaces: six } } });
    try {
      const kubeconfig = join(await mkdtemp(join(tmpdir(), 'pull-secret-cli-limited-')), 'config');
      const server = limited.server;
      await writeFile(
        kubeconfig,
        kubeconfigYaml({ server: server.url, caPem: server.caPem, token: 'six-only' }),
        {
          mode: 0o600,
        },
      );
      const run = await limited.run(
        [
          'apply',
          'regcred',
          '--server',
          'ghcr.io',
          '--username',
          'me',
          '--password-stdin',
          '-n',
          six.join(','),
          '--kubeconfig',
          kubeconfig,
        ],
        `${CANARY}\n`,
      );
      expect(run.code).toBe(0);
      expect(run.stderr.match(/^warning: .*$/gm)).toEqual([
        'warning: may not list secrets named regcred in all namespaces (403 Forbidden): reading each namespace instead',
      ]);
      expect(run.stderr).toContain('6 created');
      expect(run.writes).toHaveLength(6);
      expectNoSecret(run.stderr, LEAKS, 'stderr');
    } finally {
      await limited.close();
    }
  });
});
