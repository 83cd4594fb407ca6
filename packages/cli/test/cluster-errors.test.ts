// What `pull-secret apply` says when it cannot reach the cluster, each failure with kubectl's advice,
// against real parts: a kube-test-server whose CA the kubeconfig does not hold, a `.invalid` host, a
// closed port, an exec credential plugin that exits 1, and kubectl proxy's plain http:// (which works).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret, spawnCli } from './run-cli.js';

const PASSWORD = 'CANARY-cluster-errors-pw';
const KUBECTL = (process.env.PATH ?? '').split(':').some((at) => existsSync(join(at, 'kubectl')));
const ENV_CANARY = 'CANARY-exec-env-value-31d';
let server: KubeTestServer;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pull-secret-cluster-errors-'));
  server = await startKubeTestServer({ namespaces: ['apps'], serviceAccountDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** A kubeconfig of one cluster and one user, both given as YAML fragments. */
async function kubeconfig(name: string, cluster: string, user: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
${cluster}
users:
- name: u
  user:
${user}
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  );
  return file;
}
const token = () => `    token: ${JSON.stringify(server.token)}`;
const caData = () => `    certificate-authority-data: ${Buffer.from(server.caPem).toString('base64')}`;

const apply = (config: string, ...extra: string[]) =>
  spawnCli(
    [
      'apply',
      'regcred',
      '--server',
      'ghcr.io',
      '--username',
      'me',
      '--password-stdin',
      '-n',
      'apps',
      '--kubeconfig',
      config,
      ...extra,
    ],
    { stdin: PASSWORD, env: { HOME: dir } },
  );

/** The REASON cell of the namespace's row: reason, then the hint. */
const reasonOf = (stderr: string) =>
  /^apps\s+failed\s+(.*)$/m.exec(stderr)?.[1] ?? `(no failed row in: ${stderr})`;

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('apply says why the cluster could not be reached', () => {
  it('an untrusted CA: unknown authority, with the kubeconfig CA as the fix (not skipping TLS)', async () => {
    const config = await kubeconfig('no-ca', `    server: ${server.url}`, token());
    const run = await apply(config);
    expect(run.code).toBe(1);
    const reason = reasonOf(run.stderr);
    expect(reason).toContain(
      `Could not read secret apps/regcred: the certificate of ${server.url} is signed by an unknown authority`,
    );
    expect(reason).toContain('certificate-authority-data');
    expect(reason).not.toMatch(/insecure/i);
    expect(run.stderr).not.toContain('no answer from');
  });

  it('a name that does not resolve: no such host; --debug shows the resolver error under it', async () => {
    const config = await kubeconfig('dns', '    server: https://cluster.pull-secret.invalid:6443', token());
    const run = await apply(config, '--debug');
    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toContain(
      'Could not read secret apps/regcred: no such host "cluster.pull-secret.invalid" (the DNS lookup for https://cluster.pull-secret.invalid:6443 failed).; Check the cluster',
    );
    expect(run.stderr).toMatch(/caused by: .*ENOTFOUND/);
    expectNoSecret(run.stderr, [PASSWORD, server.token], 'stderr');
  });

  it('a closed port: the connection was refused, with kubectl\'s "right host or port?"', async () => {
    const port = await closedPort();
    const config = await kubeconfig('refused', `    server: https://127.0.0.1:${port}\n${caData()}`, token());
    const run = await apply(config, '--request-timeout', '2s');
    expect(run.code).toBe(1);
    const reason = reasonOf(run.stderr);
    expect(reason).toContain(`the connection to https://127.0.0.1:${port} was refused`);
    expect(reason).toContain('Did you specify the right host or port?');
  }, 30_000);

  it('an exec credential plugin that fails: its command, exit code and stderr (escaped, cut short), never its env', async () => {
    const plugin = join(dir, 'get-token.sh');
    await writeFile(
      plugin,
      `#!/bin/sh\nprintf 'error: the SSO session has expired\\n\\033[31mfake row\\n' >&2\necho "token was $PLUGIN_SECRET" >&2\nhead -c 2000 /dev/zero | tr '\\0' x >&2\nexit 1\n`,
    );
    await chmod(plugin, 0o755);
    const user = `    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: ${plugin}
      args: [eks, get-token, --cluster-name, prod]
      env: [{name: PLUGIN_SECRET, value: ${ENV_CANARY}}]
      interactiveMode: Never`;
    const config = await kubeconfig('exec', `    server: ${server.url}\n${caData()}`, user);
    const run = await apply(config);
    expect(run.code).toBe(1);
    const reason = reasonOf(run.stderr);
    expect(reason).toContain(
      `Could not read secret apps/regcred: the kubeconfig's exec credential plugin "${plugin}" failed with exit code 1: "error: the SSO session has expired\\n\\u001b[31mfake row\\ntoken was ***\\nxxx`,
    );
    expect(reason).toContain('…"');
    expect(reason.length).toBeLessThan(800);
    expect(reason).toContain('Run that command yourself');
    expect(run.stderr).not.toContain('\u001b');
    expectNoSecret(run.stderr + run.stdout, [ENV_CANARY, PASSWORD], 'output');
    const missing = await apply(
      await kubeconfig(
        'exec-missing',
        `    server: ${server.url}\n${caData()}`,
        user.replace(plugin, join(dir, 'nope')),
      ),
    );
    expect(reasonOf(missing.stderr)).toContain(
      `exec credential plugin "${join(dir, 'nope')}" was not found (ENOENT)`,
    );
  });
});

describe.skipIf(!KUBECTL)('a plain http:// server (kubectl proxy)', () => {
  let proxy: ChildProcess;
  let url: string;
  beforeAll(async () => {
    const admin = join(dir, 'admin');
    await server.writeKubeconfig(admin);
    proxy = spawn('kubectl', ['proxy', '--port=0', '--kubeconfig', admin], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<string>((resolve, reject) => {
      proxy.stdout!.on('data', (chunk: Buffer) => {
        const port = /127\.0\.0\.1:(\d+)/.exec(String(chunk))?.[1];
        if (port) resolve(`http://127.0.0.1:${port}`);
      });
      proxy.once('exit', (code) => reject(new Error(`kubectl proxy exited ${code}`)));
    });
  });
  afterAll(() => {
    proxy?.kill();
  });

  it('works when the kubeconfig says http://, as with kubectl', async () => {
    const config = await kubeconfig('proxy', `    server: ${url}`, '    {}');
    const run = await apply(config);
    expect(run.stderr).toMatch(/^apps\s+created/m);
    expect(run.code).toBe(0);
    expect(server.store.get('secrets', 'apps', 'regcred')).toBeDefined();
  });

  it('says the connection was refused when nothing listens at the http:// address', async () => {
    const port = await closedPort();
    const config = await kubeconfig('proxy-gone', `    server: http://127.0.0.1:${port}`, '    {}');
    const run = await apply(config, '--request-timeout', '2s');
    expect(run.code).toBe(1);
    expect(reasonOf(run.stderr)).toContain(`the connection to http://127.0.0.1:${port} was refused`);
  }, 30_000);
});
