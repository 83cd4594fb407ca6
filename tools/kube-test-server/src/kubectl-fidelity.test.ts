import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeTestServer, startKubeTestServer } from './kube-test-server.js';
import { kubeconfigYaml } from './kubeconfig.js';

// The real kubectl against the server: if kubectl accepts it, client-go (the reference client) does.
// Each test starts its own server and gives kubectl a fresh kubeconfig and discovery cache.

const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

let server: KubeTestServer;
let dir: string;

beforeEach(async () => {
  server = await startKubeTestServer({ namespaces: 2, serviceAccountDelayMs: 20 });
  dir = await mkdtemp(join(tmpdir(), 'kube-test-kubectl-'));
  await server.writeKubeconfig(join(dir, 'config'));
});

afterEach(async () => {
  await server.close();
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(...args: string[]): Promise<Run> {
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    KUBECONFIG: join(dir, 'config'),
    KUBECACHEDIR: join(dir, 'cache'),
  };
  return new Promise((resolve) => {
    execFile('kubectl', args, { env, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function ok(...args: string[]): Promise<string> {
  const run = await kubectl(...args);
  expect(run.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

async function waitFor(check: () => boolean, attempts = 100): Promise<void> {
  for (let attempt = 0; attempt < attempts && !check(); attempt++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

const REGISTRY_FLAGS = ['--docker-server', 'ghcr.io', '--docker-username', 'u', '--docker-password', 'p'];

describe.skipIf(!hasKubectl)('kubectl against kube-test-server', { tags: ['needs-kubectl'] }, () => {
  it('get ns lists the namespaces in kubectl table form', async () => {
    const lines = (await ok('get', 'ns')).trim().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'default Active',
      'kube-public Active',
      'kube-system Active',
      'ns-1 Active',
      'ns-2 Active',
    ]);
  });

  it('create namespace, create secret docker-registry and get -o json round-trip kubectl’s own bytes', async () => {
    expect(await ok('create', 'namespace', 'x')).toBe('namespace/x created\n');
    expect(server.store.get('namespaces', 'x')?.status).toEqual({ phase: 'Active' });
    expect(await ok('create', 'secret', 'docker-registry', 'regcred', ...REGISTRY_FLAGS, '-n', 'x')).toBe(
      'secret/regcred created\n',
    );
    const fetched = JSON.parse(await ok('get', 'secret', 'regcred', '-n', 'x', '-o', 'json'));
    const local = JSON.parse(
      await ok(
        'create',
        'secret',
        'docker-registry',
        'regcred',
        ...REGISTRY_FLAGS,
        '-n',
        'x',
        '--dry-run=client',
        '-o',
        'json',
      ),
    );
    const stored = server.store.get('secrets', 'x', 'regcred');
    expect(fetched.type).toBe('kubernetes.io/dockerconfigjson');
    expect(fetched.data['.dockerconfigjson']).toBe(local.data['.dockerconfigjson']);
    expect(stored?.data).toEqual(local.data);
    expect(Buffer.from(fetched.data['.dockerconfigjson'], 'base64').toString()).toBe(
      '{"auths":{"ghcr.io":{"username":"u","password":"p","auth":"dTpw"}}}',
    );
    expect(fetched.metadata.resourceVersion).toBe(stored?.metadata.resourceVersion);

    const again = await kubectl('create', 'namespace', 'x');
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('Error from server (AlreadyExists): namespaces "x" already exists\n');
    const missing = await kubectl('get', 'secret', 'nope', '-n', 'x');
    expect(missing.stderr).toBe('Error from server (NotFound): secrets "nope" not found\n');
  });

  it('patch serviceaccount (strategic merge) twice leaves one imagePullSecrets entry', async () => {
    // ServiceAccount.imagePullSecrets is atomic: the patch's list replaces the stored one, so the
    // second patch changes nothing (and neither would it with entries for other registries there).
    await ok('create', 'namespace', 'x');
    await waitFor(() => server.store.get('serviceaccounts', 'x', 'default') !== undefined);
    const patch = '{"imagePullSecrets":[{"name":"regcred"}]}';
    expect(await ok('patch', 'serviceaccount', 'default', '-n', 'x', '-p', patch)).toBe(
      'serviceaccount/default patched\n',
    );
    expect(await ok('patch', 'serviceaccount', 'default', '-n', 'x', '-p', patch)).toBe(
      'serviceaccount/default patched (no change)\n',
    );
    expect(server.store.get('serviceaccounts', 'x', 'default')?.imagePullSecrets).toEqual([
      { name: 'regcred' },
    ]);
    const patches = server.requests.filter((entry) => entry.method === 'PATCH');
    expect(patches.length).toBe(2);
  });

  it('apply -f creates, then patches with the last-applied annotation; get -A -l selects by label', async () => {
    const manifest = (data: string) => `apiVersion: v1
kind: Secret
metadata:
  name: app-config
  namespace: ns-1
  labels:
    app: x
type: Opaque
data:
${data}`;
    const file = join(dir, 'secret.yaml');
    await writeFile(file, manifest('  a: b25l\n  b: dHdv\n'));
    expect(await ok('apply', '-f', file)).toBe('secret/app-config created\n');
    const created = server.store.get('secrets', 'ns-1', 'app-config');
    expect(created?.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration']).toContain(
      '"a":"b25l"',
    );

    await writeFile(file, manifest('  a: b25l\n  c: dGhyZWU=\n'));
    expect(await ok('apply', '-f', file)).toBe('secret/app-config configured\n');
    expect(server.store.get('secrets', 'ns-1', 'app-config')?.data).toEqual({ a: 'b25l', c: 'dGhyZWU=' });
    const patch = server.requests.find((entry) => entry.method === 'PATCH');
    expect(patch?.query).toMatchObject({
      fieldManager: 'kubectl-client-side-apply',
      fieldValidation: 'Strict',
    });
    expect(await ok('apply', '-f', file)).toBe('secret/app-config unchanged\n');

    await ok('create', 'secret', 'generic', 'other', '--from-literal=k=v', '-n', 'ns-2');
    const selected = (await ok('get', 'secrets', '-A', '-l', 'app=x')).trim().split('\n');
    expect(selected[0]).toMatch(/^NAMESPACE\s+NAME\s+TYPE\s+DATA\s+AGE$/);
    expect(selected.slice(1).map((line) => line.split(/\s+/).slice(0, 4).join(' '))).toEqual([
      'ns-1 app-config Opaque 2',
    ]);
  });

  it('delete secret removes it', async () => {
    await ok('create', 'secret', 'docker-registry', 'regcred', ...REGISTRY_FLAGS, '-n', 'ns-1');
    expect(await ok('delete', 'secret', 'regcred', '-n', 'ns-1')).toBe('secret "regcred" deleted\n');
    expect(server.store.get('secrets', 'ns-1', 'regcred')).toBeUndefined();
  });

  it('create secret --dry-run=server answers in full and stores nothing', async () => {
    const version = server.store.resourceVersion;
    const output = await ok(
      'create',
      'secret',
      'docker-registry',
      'regcred',
      ...REGISTRY_FLAGS,
      '-n',
      'ns-1',
      '--dry-run=server',
      '-o',
      'json',
    );
    expect(JSON.parse(output)).toMatchObject({
      metadata: { name: 'regcred', namespace: 'ns-1' },
      type: 'kubernetes.io/dockerconfigjson',
    });
    expect(
      await ok(
        'create',
        'secret',
        'generic',
        'plain',
        '--from-literal=a=b',
        '-n',
        'ns-1',
        '--dry-run=server',
      ),
    ).toBe('secret/plain created (server dry run)\n');
    expect(server.store.list('secrets')).toEqual([]);
    expect(server.store.resourceVersion).toBe(version);
    expect(
      server.requests
        .filter((entry) => entry.method === 'POST')
        .every((entry) => entry.query.dryRun === 'All'),
    ).toBe(true);
  });

  it('create configmap --from-file, get -o json and get cm round-trip kubectl’s own bytes', async () => {
    const pem = join(dir, 'ca.crt');
    await writeFile(pem, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    expect(await ok('create', 'configmap', 'registry-ca', `--from-file=ca.crt=${pem}`, '-n', 'ns-1')).toBe(
      'configmap/registry-ca created\n',
    );
    const fetched = JSON.parse(await ok('get', 'configmap', 'registry-ca', '-n', 'ns-1', '-o', 'json'));
    expect(fetched.kind).toBe('ConfigMap');
    expect(fetched.data).toEqual({
      'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    });
    expect(fetched.metadata.resourceVersion).toBe(
      server.store.get('configmaps', 'ns-1', 'registry-ca')?.metadata.resourceVersion,
    );
    const table = (await ok('get', 'cm', '-n', 'ns-1')).trim().split('\n');
    expect(table[0]).toMatch(/^NAME\s+DATA\s+AGE$/);
    expect(table[1]).toMatch(/^registry-ca\s+1\s/);
    const invalid = await kubectl('create', 'configmap', 'bad', '--from-literal=a/b=c', '-n', 'ns-1');
    expect(invalid.code).toBe(1);
    const missing = await kubectl('get', 'configmap', 'nope', '-n', 'ns-1');
    expect(missing.stderr).toBe('Error from server (NotFound): configmaps "nope" not found\n');
  });

  it('reports validation and admission errors as the real server’s', async () => {
    const invalid = await kubectl('create', 'secret', 'generic', 'Bad', '--from-literal=a=b', '-n', 'ns-1');
    expect(invalid.stderr).toMatch(
      /^error: failed to create secret Secret "Bad" is invalid: metadata\.name: Invalid value: "Bad"/,
    );
    server.markNamespaceTerminating('ns-2');
    const terminating = await kubectl('create', 'secret', 'generic', 's', '--from-literal=a=b', '-n', 'ns-2');
    expect(terminating.stderr).toBe(
      'error: failed to create secret secrets "s" is forbidden: unable to create new content in namespace ns-2 because it is being terminated\n',
    );
    expect(await ok('get', 'ns', 'ns-2', '--no-headers')).toMatch(/^ns-2\s+Terminating\s/);
  });

  it('get secrets --watch -o json prints the list, then each change, and exits when the server ends the watch', async () => {
    server.store.put({
      kind: 'Secret',
      metadata: { name: 'first', namespace: 'ns-1' },
      stringData: { a: 'b' },
    });
    const child = spawn(
      'kubectl',
      ['get', 'secrets', '-n', 'ns-1', '--watch', '-o', 'json', '--output-watch-events'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: dir,
          KUBECONFIG: join(dir, 'config'),
          KUBECACHEDIR: join(dir, 'cache'),
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const events = () =>
        stdout.trim() === ''
          ? []
          : stdout
              .trim()
              .split(/\n(?=\{)/)
              .map((text) => JSON.parse(text) as { type: string; object: { metadata: { name: string } } });
      await waitFor(() => events().length === 1 && server.openWatches === 1, 1000);
      server.store.put({
        kind: 'Secret',
        metadata: { name: 'second', namespace: 'ns-1' },
        stringData: { a: 'b' },
      });
      server.store.delete('secrets', 'ns-1', 'first');
      await waitFor(() => events().length === 3);
      expect(events().map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual([
        'ADDED first',
        'ADDED second',
        'DELETED first',
      ]);
      server.closeWatches();
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });

  it('get secrets -w prints the table once, then a row per change', async () => {
    server.store.put({
      kind: 'Secret',
      metadata: { name: 'first', namespace: 'ns-1' },
      stringData: { a: 'b' },
    });
    const child = spawn('kubectl', ['get', 'secrets', '-n', 'ns-1', '-w'], {
      env: {
        PATH: process.env.PATH,
        HOME: dir,
        KUBECONFIG: join(dir, 'config'),
        KUBECACHEDIR: join(dir, 'cache'),
      },
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitFor(() => stdout.includes('first') && server.openWatches === 1, 1000);
      server.store.put({
        kind: 'Secret',
        metadata: { name: 'second', namespace: 'ns-1' },
        stringData: { a: 'b' },
      });
      await waitFor(() => stdout.includes('second'));
      server.closeWatches();
      expect(await exited).toBe(0);
      const lines = stdout.trim().split('\n');
      expect(lines.map((line) => line.split(/\s+/).slice(0, 3).join(' '))).toEqual([
        'NAME TYPE DATA',
        'first Opaque 1',
        'second Opaque 1',
      ]);
    } finally {
      if (child.exitCode === null) child.kill();
    }
  });

  it('apply -f, get, patch and delete a Lease: kubectl finds coordination.k8s.io through discovery', async () => {
    const file = join(dir, 'lease.yaml');
    await writeFile(
      file,
      [
        'apiVersion: coordination.k8s.io/v1',
        'kind: Lease',
        'metadata:',
        '  name: pull-secret',
        '  namespace: ns-1',
        'spec:',
        '  holderIdentity: pod-a',
        '  leaseDurationSeconds: 15',
        '  renewTime: "2026-12-02T16:00:00.123456Z"',
        '',
      ].join('\n'),
    );
    expect(await ok('apply', '-f', file)).toBe('lease.coordination.k8s.io/pull-secret created\n');
    const table = (await ok('get', 'leases', '-n', 'ns-1')).trim().split('\n');
    expect(table.map((line) => line.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      'NAME HOLDER',
      'pull-secret pod-a',
    ]);
    expect(
      await ok(
        'patch',
        'lease',
        'pull-secret',
        '-n',
        'ns-1',
        '--type',
        'merge',
        '-p',
        '{"spec":{"holderIdentity":"pod-b"}}',
      ),
    ).toBe('lease.coordination.k8s.io/pull-secret patched\n');
    const fetched = JSON.parse(await ok('get', 'lease', 'pull-secret', '-n', 'ns-1', '-o', 'json'));
    expect(fetched.spec).toEqual({
      holderIdentity: 'pod-b',
      leaseDurationSeconds: 15,
      renewTime: '2026-12-02T16:00:00.123456Z',
    });
    const all = (await ok('get', 'leases', '-A')).trim().split('\n');
    expect(all[1]?.split(/\s+/).slice(0, 3)).toEqual(['ns-1', 'pull-secret', 'pod-b']);
    expect(await ok('delete', 'lease', 'pull-secret', '-n', 'ns-1')).toBe(
      'lease.coordination.k8s.io "pull-secret" deleted\n',
    );
    expect(server.store.get('leases', 'ns-1', 'pull-secret')).toBeUndefined();
  });

  it('shows a token’s RBAC refusal as the real server’s Forbidden error, and lets through what the rules grant', async () => {
    await server.close();
    server = await startKubeTestServer({
      namespaces: ['ns-1'],
      serviceAccountDelayMs: 0,
      tokens: {
        writer: {
          user: 'system:serviceaccount:pull-secret:pull-secret',
          rules: [
            { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'patch'] },
          ],
        },
      },
    });
    await writeFile(
      join(dir, 'config'),
      kubeconfigYaml({ server: server.url, caPem: server.caPem, token: 'writer' }),
      { mode: 0o600 },
    );
    expect(await ok('create', 'secret', 'generic', 's', '--from-literal', 'a=b', '-n', 'ns-1')).toBe(
      'secret/s created\n',
    );
    expect((await ok('get', 'secrets', '-A')).split('\n')[1]).toMatch(/^ns-1\s+s\s+Opaque/);
    const refused = await kubectl('delete', 'secret', 's', '-n', 'ns-1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'Error from server (Forbidden): secrets "s" is forbidden: User "system:serviceaccount:pull-secret:pull-secret" cannot delete resource "secrets" in API group "" in the namespace "ns-1"\n',
    );
    const namespaces = await kubectl('get', 'ns');
    expect(namespaces.stderr).toBe(
      'Error from server (Forbidden): namespaces is forbidden: User "system:serviceaccount:pull-secret:pull-secret" cannot list resource "namespaces" in API group "" at the cluster scope\n',
    );
  });
});
