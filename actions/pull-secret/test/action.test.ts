// The committed bundle, run as the runner runs it (see run-action.ts), in manifest mode and in apply
// mode against a kube-test-server. Canary passwords and every derived form must show up only on
// ::add-mask:: lines, which must come before any other line.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeDockerConfigJson } from '@pull-secret/dockerconfigjson';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { type ActionRun, expectMaskedOnly, runAction } from './run-action.js';

const CANARY = `CANARY-action-${randomBytes(6).toString('hex')}`;
// A password with characters JSON escapes, so the escaped forms differ from the raw one.
const PASSWORD = `${CANARY}"&<x>`;
const USER = 'ci-bot';

/** Every form the password takes in output: raw, base64(user:pw), and the .dockerconfigjson's forms. */
function leakForms(registries: string[], password = PASSWORD): string[] {
  const config = encodeDockerConfigJson(
    registries.map((registry) => ({ registry, username: USER, password })),
  );
  return [
    password,
    CANARY,
    Buffer.from(`${USER}:${password}`).toString('base64'),
    Buffer.from(config).toString('base64'),
    JSON.stringify(config).slice(1, -1),
  ];
}

function expectNoLeak(run: ActionRun, forms: readonly string[]): void {
  const places: [string, string][] = [
    [run.stdout, 'stdout'],
    [run.stderr, 'stderr'],
    [run.summary, 'the job summary'],
    [run.outputFile, 'GITHUB_OUTPUT'],
  ];
  for (const [text, where] of places) expect(expectMaskedOnly(text, forms, where)).toBeUndefined();
}

/** Every ::add-mask:: line comes before the first line that is not one. */
function expectMasksFirst(stdout: string): void {
  const lines = stdout.split('\n').filter(Boolean);
  const firstOther = lines.findIndex((line) => !line.startsWith('::add-mask::'));
  const lastMask = lines.findLastIndex((line) => line.startsWith('::add-mask::'));
  expect(lastMask, 'an ::add-mask:: line came after a log line').toBeLessThan(
    firstOther === -1 ? Infinity : firstOther,
  );
}

const runs: ActionRun[] = [];
async function action(inputs: Record<string, string>, env: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction(inputs, env);
  runs.push(run);
  return run;
}
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

describe('step debug logging', () => {
  it('logs the stack of a failure as a debug line that names the .ts file it came from', async () => {
    const run = await runAction(
      { mode: 'manifest', 'secret-name': 'Bad_Name', registry: 'ghcr.io', username: 'me', password: 'pw' },
      { RUNNER_DEBUG: '1' },
    );
    try {
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(
        /::debug::InvalidInputError: .*\n::debug:: {4}at .*\/src\/[\w-]+\.ts:\d+:\d+/,
      );
      const quiet = await runAction({
        mode: 'manifest',
        'secret-name': 'Bad_Name',
        registry: 'ghcr.io',
        username: 'me',
        password: 'pw',
      });
      expect(quiet.stdout).not.toContain('::debug::');
      await quiet.cleanup();
    } finally {
      await run.cleanup();
    }
  });
});

describe('mode: manifest', () => {
  it('writes a Secret per namespace to a 0600 file under RUNNER_TEMP and sets the outputs', async () => {
    const run = await action({
      mode: 'manifest',
      registry: 'ghcr.io\nregistry.example.com:5000',
      username: USER,
      password: PASSWORD,
      'secret-name': 'regcred',
      namespaces: 'apps, web',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      'secret-name': 'regcred',
      registries: 'ghcr.io,registry.example.com:5000',
      'expires-at': '',
    });
    const path = run.outputs['manifest-path']!;
    expect(path.startsWith(run.runnerTemp)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const documents = parseAllDocuments(await readFile(path, 'utf8')).map((document) => document.toJS());
    expect(documents.map((secret) => secret.metadata.namespace)).toEqual(['apps', 'web']);
    const expected = encodeDockerConfigJson(
      ['ghcr.io', 'registry.example.com:5000'].map((registry) => ({
        registry,
        username: USER,
        password: PASSWORD,
      })),
    );
    for (const secret of documents) {
      expect(secret).toMatchObject({
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        metadata: { name: 'regcred' },
      });
      expect(Buffer.from(secret.data['.dockerconfigjson'], 'base64').toString()).toBe(expected);
    }
    expect(JSON.parse(run.outputs.namespaces!)).toEqual([
      {
        namespace: 'apps',
        outcome: 'written',
        registries: ['ghcr.io', 'registry.example.com:5000'],
        serviceAccounts: [],
      },
      {
        namespace: 'web',
        outcome: 'written',
        registries: ['ghcr.io', 'registry.example.com:5000'],
        serviceAccounts: [],
      },
    ]);
    expect(run.summary).toContain('| apps | written |');
    expectNoLeak(run, leakForms(['ghcr.io', 'registry.example.com:5000']));
    expectMasksFirst(run.stdout);
    // Each derived form was announced for masking.
    for (const form of leakForms(['ghcr.io', 'registry.example.com:5000']).slice(2)) {
      expect(run.stdout.split('\n')).toContain(`::add-mask::${form}`);
    }
  });

  it('masks each line of a multi-line password (a Google key JSON) and takes logins from docker-config', async () => {
    const key = `{\n  "type": "service_account",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\n${CANARY}KEYLINE\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "puller@example.iam.gserviceaccount.com"\n}`;
    const run = await action({
      mode: 'manifest',
      registry: 'europe-docker.pkg.dev',
      username: '_json_key',
      password: key,
      'secret-name': 'gar',
    });
    expect(run.code).toBe(0);
    // Masked trimmed: the runner hides a mask wherever it appears, indented or not.
    const lines = key
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length >= 8);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(run.stdout).toContain(`::add-mask::${line}`);
    expectNoLeak(run, [CANARY, ...lines]);

    const dockerConfig = JSON.stringify({
      auths: { 'quay.io': { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
    });
    const fromConfig = await action({
      mode: 'manifest',
      'docker-config': dockerConfig,
      'secret-name': 'quay',
    });
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.outputs.registries).toBe('quay.io');
    expectNoLeak(fromConfig, leakForms(['quay.io']));
  });

  it('leaves out the namespaces exclude-namespaces names, as apply mode does', async () => {
    const run = await action({
      mode: 'manifest',
      registry: 'ghcr.io',
      username: USER,
      password: PASSWORD,
      'secret-name': 'regcred',
      namespaces: 'apps, kube-system, web',
      'exclude-namespaces': 'kube-*',
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.namespaces!).map((row: { namespace: string }) => row.namespace)).toEqual([
      'apps',
      'web',
    ]);
    const documents = parseAllDocuments(await readFile(run.outputs['manifest-path']!, 'utf8'));
    expect(documents.map((document) => document.toJS().metadata.namespace)).toEqual(['apps', 'web']);
  });

  it('writes each namespace once, and masks a docker-config path no more than any other text', async () => {
    const twice = await action({
      mode: 'manifest',
      username: USER,
      password: PASSWORD,
      'secret-name': 'x',
      namespaces: 'apps, apps, web',
    });
    expect(JSON.parse(twice.outputs.namespaces!).map((row: { namespace: string }) => row.namespace)).toEqual([
      'apps',
      'web',
    ]);

    const path = join(tmpdir(), `missing-docker-config-${randomBytes(4).toString('hex')}.json`);
    const missing = await action({ mode: 'manifest', 'docker-config': path, 'secret-name': 'x' });
    expect(missing.code).toBe(1);
    expect(missing.stdout).not.toContain(`::add-mask::${path}`);
    expect(missing.stdout).toContain(`::error::Could not read the docker-config file "${path}" (ENOENT).`);
  });

  it('refuses email with docker-config, whose logins carry their own', async () => {
    const run = await action({
      mode: 'manifest',
      'docker-config': '{"auths":{}}',
      email: 'me@example.com',
      'secret-name': 'x',
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::The input docker-config cannot be combined with email.');
  });

  it('masks a secret provider input given in the environment, and one given with docker-config', async () => {
    const secret = `CANARY-env-secret-${randomBytes(6).toString('hex')}`;
    const fromEnv = await action(
      {
        mode: 'manifest',
        provider: 'acr',
        registry: 'myregistry.azurecr.io',
        'acr-auth': 'service-principal',
        'azure-client-id': '00000000-1111-2222-3333-444444444444',
        'secret-name': 'acr',
      },
      { AZURE_CLIENT_SECRET: secret },
    );
    expect(fromEnv.code).toBe(0);
    expect(fromEnv.stdout.split('\n')).toContain(`::add-mask::${secret}`);
    expect(
      expectMaskedOnly(
        fromEnv.stdout + fromEnv.stderr + fromEnv.summary + fromEnv.outputFile,
        [secret],
        'the run',
      ),
    ).toBeUndefined();

    const stray = await action({
      mode: 'manifest',
      'docker-config': '{"auths":{}}',
      'gcp-key-json': secret,
      'secret-name': 'x',
    });
    expect(stray.code).toBe(1);
    expect(stray.stdout.split('\n')).toContain(`::add-mask::${secret}`);
    expect(expectMaskedOnly(stray.stdout + stray.stderr, [secret], 'the run')).toBeUndefined();
  });

  it.each([
    [{ username: USER, password: PASSWORD }, 'The input secret-name is required.'],
    [
      { 'secret-name': 'x', username: USER, password: PASSWORD, merge: 'yes' },
      'The input merge must be true or false, not "yes".',
    ],
    [
      { 'secret-name': 'x', username: USER, password: PASSWORD, mode: 'print' },
      'The input mode must be apply, manifest, kubevirt or binderhub, not "print".',
    ],
    [{ 'secret-name': 'x', username: USER }, 'A static login needs the input password.'],
    [
      { 'secret-name': 'x', registry: 'registry.example.com' },
      'No provider serves registry.example.com, and no username was given.',
    ],
    // ghcr.io without a username is the ghcr preset's now (GITHUB_ACTOR and a token), which needs its login.
    [{ 'secret-name': 'x', registry: 'ghcr.io' }, 'The ghcr provider needs the input ghcr-username.'],
    [{ 'secret-name': 'x', provider: 'nope', registry: 'ghcr.io' }, 'Unknown provider "nope".'],
    [
      { 'secret-name': 'x', username: USER, password: PASSWORD, 'request-timeout': 'soon' },
      'The input request-timeout must be a duration such as 30s, 1m30s or 500ms, not "soon".',
    ],
    [{ 'secret-name': 'Bad_Name', username: USER, password: PASSWORD }, 'Bad_Name'],
    [
      { 'secret-name': 'x', username: USER, password: PASSWORD, 'all-namespaces': 'true' },
      'mode: manifest touches no cluster',
    ],
    [
      { 'secret-name': 'x', registry: 'exa mple.com', username: USER, password: PASSWORD },
      'is not a registry',
    ],
  ])('fails with one ::error:: line for bad inputs: %j', async (inputs, message) => {
    const run = await action({ mode: 'manifest', ...inputs });
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
    expect(run.stdout).not.toMatch(/\n\s+at /);
    expect(run.outputs['manifest-path']).toBeUndefined();
    expectNoLeak(run, [PASSWORD, CANARY]);
  });
});

describe('mode: apply, against kube-test-server', () => {
  let server: KubeTestServer;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await startKubeTestServer({ namespaces: ['apps', 'web', 'other'], serviceAccountDelayMs: 0 });
    dir = await mkdtemp(join(tmpdir(), 'pull-secret-action-kube-'));
    kubeconfig = join(dir, 'config');
    await server.writeKubeconfig(kubeconfig);
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const inputs = {
    registry: 'ghcr.io',
    username: USER,
    password: PASSWORD,
    'secret-name': 'regcred',
    namespaces: 'apps\nweb',
    'service-accounts': 'default',
  };

  it('creates the Secret in each namespace through KUBECONFIG, then changes nothing on a second run', async () => {
    const first = await action(inputs, { KUBECONFIG: kubeconfig });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const results = JSON.parse(first.outputs.namespaces!);
    expect(results.map((row: { outcome: string }) => row.outcome)).toEqual(['created', 'created']);
    expect(results[0].serviceAccounts).toEqual([{ name: 'default', outcome: 'added' }]);
    const stored = server.store.get('secrets', 'apps', 'regcred') as unknown as {
      data: Record<string, string>;
    };
    expect(Buffer.from(stored.data['.dockerconfigjson']!, 'base64').toString()).toBe(
      encodeDockerConfigJson([{ registry: 'ghcr.io', username: USER, password: PASSWORD }]),
    );
    expect(first.summary).toContain('| apps | created | default (added) |');
    expectNoLeak(first, leakForms(['ghcr.io']));
    expectMasksFirst(first.stdout);

    server.resetRequests();
    const second = await action(inputs, { KUBECONFIG: kubeconfig });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.outputs.namespaces!).map((row: { outcome: string }) => row.outcome)).toEqual([
      'unchanged',
      'unchanged',
    ]);
    expect(server.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('masks the token of a kubeconfig given as JSON, as kubectl config view -o json prints it', async () => {
    const json = JSON.stringify(parse(server.kubeconfig), null, 2);
    const run = await action({ ...inputs, namespaces: 'apps', kubeconfig: json });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`::add-mask::${server.token}`);
    expectNoLeak(run, [server.token]);
  });

  it('takes the kubeconfig input as content, and removes the file it wrote', async () => {
    const run = await action({ ...inputs, namespaces: 'other', kubeconfig: server.kubeconfig });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.namespaces!)[0].outcome).toBe('created');
    // The token in the kubeconfig is a credential too.
    expect(run.stdout).toContain(`::add-mask::${server.token}`);
    expectNoLeak(run, [server.token]);
    const { readdir } = await import('node:fs/promises');
    expect(
      (await readdir(run.runnerTemp)).filter((name) => name.startsWith('pull-secret-kubeconfig')),
    ).toEqual([]);
  });

  it('fails after finishing the others when a Secret it does not own is in the way, then takes it with force', async () => {
    server.store.put({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'handmade', namespace: 'web' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from('{"auths":{"quay.io":{"auth":"dTpw"}}}').toString('base64') },
    });
    const refused = await action({ ...inputs, 'secret-name': 'handmade' }, { KUBECONFIG: kubeconfig });
    expect(refused.code).toBe(1);
    const errors = refused.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^::error::1 of 2 namespaces failed or were refused: web refused/);
    // The advice is the Action's own (issue 10): an input setting, never a CLI flag.
    expect(errors[0]).toContain('was not created by pull-secret; pass force: true to take it over');
    expect(refused.stdout + refused.summary).not.toContain('--force');
    expect(JSON.parse(refused.outputs.namespaces!).map((row: { outcome: string }) => row.outcome)).toEqual([
      'created',
      'refused',
    ]);
    expect(refused.summary).toContain('| web | refused |');

    const forced = await action(
      { ...inputs, 'secret-name': 'handmade', force: 'true' },
      { KUBECONFIG: kubeconfig },
    );
    expect(forced.code).toBe(0);
    const stored = server.store.get('secrets', 'web', 'handmade') as unknown as {
      data: Record<string, string>;
    };
    expect(
      Object.keys(JSON.parse(Buffer.from(stored.data['.dockerconfigjson']!, 'base64').toString()).auths),
    ).toEqual(['ghcr.io', 'quay.io']);
  });

  it("applies to all namespaces with the runner's defaults filled in, the exclude globs leaving some out", async () => {
    const run = await action(
      {
        ...inputs,
        namespaces: '',
        'all-namespaces': 'true',
        'exclude-namespaces': 'kube-*, default, web, other',
        'secret-name': 'everywhere',
      },
      { KUBECONFIG: kubeconfig },
    );
    expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.namespaces!).map((row: { namespace: string }) => row.namespace)).toEqual([
      'apps',
    ]);
  });

  it('names the failed ServiceAccount and its reason in the error line and the summary', async () => {
    const run = await action(
      { ...inputs, namespaces: 'apps', 'service-accounts': 'nosuch', 'secret-name': 'sa-fail' },
      { KUBECONFIG: kubeconfig },
    );
    expect(run.code).toBe(1);
    const [error] = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    // The Secret was written, but the namespace counts as failed, as the exit code says.
    expect(error).toBe(
      '::error::1 of 1 namespaces failed or were refused: apps failed (secret created, but serviceaccount "nosuch" not found).',
    );
    expect(run.summary).toMatch(
      /\| apps \| failed \| nosuch \(failed\) \| secret created, but serviceaccount "nosuch" not found \|/,
    );
  });

  it('says in one line when no kubeconfig is available', async () => {
    const run = await action(inputs, { KUBECONFIG: join(dir, 'missing') });
    expect(run.code).toBe(1);
    const errors = run.stdout.split('\n').filter((line) => line.startsWith('::error::'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBe(
      `::error::No kubeconfig found; looked at KUBECONFIG (${join(dir, 'missing')}: no such file), the in-cluster ServiceAccount (/var/run/secrets/kubernetes.io/serviceaccount/token). Run a step that sets up the kubeconfig before this one (azure/k8s-set-context, aws eks update-kubeconfig, google-github-actions/get-gke-credentials), or give the kubeconfig content in the input kubeconfig.`,
    );
    // No KUBECONFIG at all, and a HOME without ~/.kube/config: the same, never localhost:8080.
    const none = await action(inputs);
    expect(none.stdout).toContain('::error::No kubeconfig found; looked at ');
    expect(none.stdout).toContain('Run a step that sets up the kubeconfig before this one');
    expect(none.stdout).not.toContain('localhost:8080');
    expectNoLeak(run, leakForms(['ghcr.io']));
  });
});
