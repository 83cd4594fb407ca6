// `pull-secret apply --watch` as a real process against kube-test-server, driven with the real kubectl:
// new namespaces get the Secret (and the ServiceAccount entry) within seconds, a deleted or edited
// Secret comes back and its own writes do not loop, two replicas hand over the Lease, a 410 Gone
// relists, the metrics hold no secret, bad flags are refused before anything runs.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsTestServer, awsChildEnv, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSecret,
  type KubeCliHarness,
  secretForms,
  startKubeCli,
  storedDockerConfig,
} from './kube-cli.js';
import { spawnCli } from './run-cli.js';
import {
  eventually,
  killWatchProcesses,
  kubectl,
  startWatchProcess,
  type WatchProcess,
} from './watch-process.js';

const PASSWORD = 'CANARY-watch-9f3a7c1e5b';
const REGISTRY = 'registry.example.com';
const FORMS = secretForms('robot', PASSWORD);

const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const AWS_KEY = { accessKeyId: 'AKIAWATCHTEST0000001', secretAccessKey: 'CANARY-watch-aws-secret-77' };
let ecrLogins = 0;

let kube: KubeCliHarness;
let kubeconfig: string;
let env: NodeJS.ProcessEnv;
let aws: AwsTestServer;
let leastKubeconfig: string;
// What the watch needs and no more: Secrets without delete, namespaces read-only, Leases in its own namespace.
const LEAST_TOKEN = 'least-privilege-watch-token';
const LEAST_RULES = [
  { apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'] },
  { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] },
  // --service-account: a merge patch of imagePullSecrets, never a PUT.
  { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get', 'list', 'patch'] },
  {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['get', 'create', 'update'],
    namespaces: ['ops'],
  },
];
beforeAll(async () => {
  // ECR logins that last 6 seconds, each with a new password: the refresh point (50%) comes at 3 s.
  aws = await startAwsTestServer({
    accessKeys: [AWS_KEY],
    password: () => `CANARY-watch-ecr-${++ecrLogins}`,
    tokenLifetimeMs: 6_000,
  });
  kube = await startKubeCli({
    namespaces: ['apps', 'ops'],
    serviceAccountDelayMs: 50,
    tokens: { [LEAST_TOKEN]: { user: 'system:serviceaccount:ops:pull-secret', rules: LEAST_RULES } },
  });
  const dir = mkdtempSync(join(tmpdir(), 'apply-watch-'));
  kubeconfig = join(dir, 'kubeconfig');
  await kube.server.writeKubeconfig(kubeconfig);
  env = { KUBECONFIG: kubeconfig, HOME: dir };
  leastKubeconfig = join(dir, 'least-kubeconfig');
  writeFileSync(leastKubeconfig, kube.server.kubeconfig.replaceAll(kube.server.token, LEAST_TOKEN), {
    mode: 0o600,
  });
});
afterEach(killWatchProcesses);
afterAll(async () => Promise.all([kube?.close(), aws?.close()]));

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Date.now().toString(36)}`;

function watchArgs(name: string, ...more: string[]): string[] {
  return ['apply', name, '--server', REGISTRY, '--username', 'robot', '--password-stdin', '--watch', ...more];
}

function startWatch(name: string, ...more: string[]): WatchProcess {
  return startWatchProcess(watchArgs(name, ...more), env, PASSWORD);
}

const secretIn = (namespace: string, name: string) => kube.server.store.get('secrets', namespace, name);

describe('pull-secret apply --watch', () => {
  it('writes the Secret and the ServiceAccount entry into a namespace kubectl creates, within 5 seconds', async () => {
    const name = unique('regcred');
    const label = unique('team');
    const watch = startWatch(name, '--namespace-selector', `team=${label}`, '--service-account', 'default');
    await watch.waitFor(/watching for secret/);
    const namespace = unique('new');
    await kubectl(kubeconfig, ['create', 'namespace', namespace]);
    await kubectl(kubeconfig, ['label', 'namespace', namespace, `team=${label}`]);
    const labelled = Date.now();
    await eventually(() => secretIn(namespace, name), 5_000, 'the Secret in the new namespace');
    const elapsed = Date.now() - labelled;
    expect(elapsed).toBeLessThan(5_000);
    const account = await eventually(
      () => {
        const sa = kube.server.store.get('serviceaccounts', namespace, 'default') as
          | { imagePullSecrets?: { name: string }[] }
          | undefined;
        return sa?.imagePullSecrets?.some((entry) => entry.name === name) ? sa : undefined;
      },
      5_000,
      'the ServiceAccount entry',
    );
    expect(account.imagePullSecrets).toContainEqual({ name });
    expect(storedDockerConfig(secretIn(namespace, name))).toMatchObject({
      auths: { [REGISTRY]: { username: 'robot', password: PASSWORD } },
    });
    // Namespaces without the label are left alone.
    const other = unique('other');
    await kubectl(kubeconfig, ['create', 'namespace', other]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(secretIn(other, name)).toBeUndefined();
    expectNoSecret(watch.stderr(), FORMS, 'stderr');
  });

  it('puts back a deleted Secret and undoes an edit, and its own writes do not loop', async () => {
    const name = unique('regcred');
    const watch = startWatch(name, '-n', 'apps');
    await eventually(() => secretIn('apps', name), 5_000, 'the first write');
    await watch.waitFor(/watching for secret/);

    await kubectl(kubeconfig, ['delete', 'secret', name, '-n', 'apps']);
    await eventually(() => secretIn('apps', name), 5_000, 'the Secret back after delete');

    const forged = Buffer.from(
      JSON.stringify({
        auths: {
          [REGISTRY]: {
            username: 'robot',
            password: 'forged',
            auth: Buffer.from('robot:forged').toString('base64'),
          },
        },
      }),
    ).toString('base64');
    await kubectl(kubeconfig, [
      'patch',
      'secret',
      name,
      '-n',
      'apps',
      '--type',
      'merge',
      '-p',
      JSON.stringify({ data: { '.dockerconfigjson': forged } }),
    ]);
    await eventually(
      () => {
        const config = storedDockerConfig(secretIn('apps', name)) as {
          auths: Record<string, { password: string }>;
        };
        return config.auths[REGISTRY]?.password === PASSWORD ? true : undefined;
      },
      5_000,
      'the edit undone',
    );

    // Quiet now: no write for a second and a half.
    await new Promise((resolve) => setTimeout(resolve, 300));
    kube.server.resetRequests();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(kube.server.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expectNoSecret(watch.stderr(), FORMS, 'stderr');
  });

  it('serves health, readiness and metrics, with no secret in them', async () => {
    const name = unique('regcred');
    const watch = startWatch(name, '-n', 'apps', '--metrics-port', '0');
    const [, port] = await watch.waitFor(/on port (\d+)/);
    await eventually(() => secretIn('apps', name), 5_000, 'the first write');
    const get = async (path: string) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(5_000) });
      return {
        status: response.status,
        body: await response.text(),
        type: response.headers.get('content-type'),
      };
    };
    expect((await get('/healthz')).status).toBe(200);
    const ready = await eventually(
      async () => ((await get('/readyz')).status === 200 ? true : undefined),
      5_000,
      'ready',
    );
    expect(ready).toBe(true);
    const metrics = await get('/metrics');
    expect(metrics.type).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const family of [
      'pull_secret_refresh_total',
      'pull_secret_refresh_failures_total',
      'pull_secret_seconds_until_expiry',
    ]) {
      expect(metrics.body).toContain(`# TYPE ${family} `);
    }
    expect(metrics.body).toContain('pull_secret_leader 1');
    expectNoSecret(metrics.body, FORMS, 'metrics');
    expect((await get('/nothing')).status).toBe(404);
  });

  it('lists again after 410 Gone and finds what changed meanwhile; a clean end resumes without a list', async () => {
    const name = unique('regcred');
    const label = unique('team');
    const watch = startWatch(name, '--namespace-selector', `team=${label}`, '--metrics-port', '0');
    const [, port] = await watch.waitFor(/on port (\d+)/);
    await watch.waitFor(/watching for secret/);
    const lists = async () => {
      const text = await (
        await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })
      ).text();
      return Number(/^pull_secret_watch_lists_total (\d+)$/m.exec(text)?.[1]);
    };
    await eventually(async () => ((await lists()) === 2 ? true : undefined), 5_000, 'the first two lists');
    const isList = (request: { method: string; path: string; query: Record<string, string> }) =>
      request.method === 'GET' && request.path === '/api/v1/namespaces' && !request.query.watch;

    // The streams end cleanly: they resume from the last resourceVersion, no list.
    kube.server.resetRequests();
    kube.server.closeWatches();
    const resumed = await eventually(
      () => kube.server.requests.find((r) => r.path === '/api/v1/namespaces' && r.query.watch),
      5_000,
      'the namespace watch resumed',
    );
    expect(Number(resumed.query.resourceVersion)).toBeGreaterThan(0);
    expect(kube.server.requests.filter(isList)).toEqual([]);
    await eventually(
      () => (kube.server.openWatches >= 2 ? true : undefined),
      5_000,
      'both watches open again',
    );

    // Now a namespace appears while the streams are down and the history is compacted: 410, a new list.
    const namespace = unique('gap');
    kube.server.resetRequests();
    kube.server.closeWatches();
    kube.server.store.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace, labels: { team: label } },
    });
    kube.server.compactWatchHistory();
    await eventually(
      () => secretIn(namespace, name),
      5_000,
      'the Secret in the namespace made during the gap',
    );
    expect(kube.server.requests.filter(isList).length).toBe(1);
    expect(await lists()).toBeGreaterThanOrEqual(3);
  });

  it('resumes from its resourceVersion, without a list, when the watch connections are cut', async () => {
    const name = unique('regcred');
    const label = unique('team');
    const watch = startWatch(name, '--namespace-selector', `team=${label}`);
    await watch.waitFor(/watching for secret/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    kube.server.resetRequests();
    kube.server.closeWatches('drop');
    const namespace = unique('cut');
    await kubectl(kubeconfig, ['create', 'namespace', namespace]);
    await kubectl(kubeconfig, ['label', 'namespace', namespace, `team=${label}`]);
    await eventually(() => secretIn(namespace, name), 10_000, 'the Secret after the cut');
    const lists = kube.server.requests.filter(
      (r) => r.method === 'GET' && r.path === '/api/v1/namespaces' && !r.query.watch,
    );
    expect(lists).toEqual([]);
  });

  it('comes back after the API server fails every request for a while, with growing delays, from where it was', async () => {
    const name = unique('regcred');
    const label = unique('team');
    const watch = startWatch(name, '--namespace-selector', `team=${label}`);
    await watch.waitFor(/watching for secret/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    kube.server.setFaults({ rate: 1, kinds: ['500'] });
    kube.server.closeWatches();
    try {
      await watch.waitFor(
        /watch of namespaces failed[^\n]*again in \d+ ms[\s\S]*watch of namespaces failed[^\n]*again in \d+ ms/,
        10_000,
      );
    } finally {
      kube.server.setFaults({ rate: 0 });
    }
    const delays = [...watch.stderr().matchAll(/watch of namespaces failed[^\n]*again in (\d+) ms/g)].map(
      (m) => Number(m[1]),
    );
    expect(delays[1]!).toBeGreaterThan(delays[0]! * 0.5);
    expect(Math.max(...delays)).toBeLessThanOrEqual(30_000);
    kube.server.resetRequests();
    const namespace = unique('back');
    await kubectl(kubeconfig, ['create', 'namespace', namespace]);
    await kubectl(kubeconfig, ['label', 'namespace', namespace, `team=${label}`]);
    await eventually(() => secretIn(namespace, name), 10_000, 'the Secret once the server answers again');
    // Resumed from the last resourceVersion it had: no list was needed.
    const lists = kube.server.requests.filter(
      (r) => r.method === 'GET' && r.path === '/api/v1/namespaces' && !r.query.watch,
    );
    expect(lists).toEqual([]);
  });

  it('with two replicas only the Lease holder writes; on SIGTERM it hands the Lease back and the other takes over at once', async () => {
    const name = unique('regcred');
    const lease = ['--leader-elect', '--lease-namespace', 'ops'];
    const a = startWatch(name, '-n', 'apps', ...lease);
    await a.waitFor(/became the leader/);
    await eventually(() => secretIn('apps', name), 5_000, 'the leader’s write');
    const b = startWatch(name, '-n', 'apps', ...lease);
    await b.waitFor(/watching for secret/);
    await kubectl(kubeconfig, ['delete', 'secret', name, '-n', 'apps']);
    await eventually(() => secretIn('apps', name), 5_000, 'the Secret back');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(b.stderr()).not.toMatch(/became the leader|secret apps\/\S+ (created|updated)/);
    expect(a.stderr()).toMatch(new RegExp(`secret apps/${name} created[\\s\\S]*secret apps/${name} created`));
    const holder = JSON.parse(
      await kubectl(kubeconfig, ['get', 'lease', `pull-secret-${name}`, '-n', 'ops', '-o', 'json']),
    );
    expect(holder.spec).toMatchObject({ leaseDurationSeconds: 15 });

    const stoppedAt = Date.now();
    a.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.stderr()).toMatch(/released lease/);
    await b.waitFor(/became the leader/, 15_000);
    const handover = Date.now() - stoppedAt;
    // Released: the follower takes it at its next try (2 s, jitter up to 2.2 s more; about 3 s measured),
    // not once the 15 s lease expires.
    expect(handover).toBeLessThan(10_000);
    await kubectl(kubeconfig, ['delete', 'secret', name, '-n', 'apps']);
    await eventually(() => secretIn('apps', name), 5_000, 'the Secret back, from the new leader');
    expect(b.stderr()).toMatch(new RegExp(`secret apps/${name} created`));
  });

  it('a killed leader loses the Lease to the other replica within the lease duration (and a retry period)', async () => {
    const name = unique('regcred');
    const lease = [
      '--leader-elect',
      '--lease-namespace',
      'ops',
      '--lease-duration',
      '4s',
      '--renew-deadline',
      '3s',
      '--retry-period',
      '500ms',
    ];
    const a = startWatch(name, '-n', 'apps', ...lease);
    await a.waitFor(/became the leader/);
    const b = startWatch(name, '-n', 'apps', ...lease);
    await b.waitFor(/watching for secret/);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(b.stderr()).not.toMatch(/became the leader/);
    const killedAt = Date.now();
    a.child.kill('SIGKILL');
    await b.waitFor(/became the leader/, 15_000);
    const handover = Date.now() - killedAt;
    // client-go's rule: 4 s after the follower last saw the Lease change, at its next try (≤ 1.1 s).
    expect(handover).toBeGreaterThan(2_500);
    expect(handover).toBeLessThan(4_000 + 1_100 + 2_000);
    await kubectl(kubeconfig, ['delete', 'secret', name, '-n', 'apps']);
    await eventually(() => secretIn('apps', name), 5_000, 'the Secret back, from the new leader');
  });

  it('makes an ECR login again at its refresh point with the real provider, and shows its expiry in /metrics', async () => {
    const name = unique('ecr');
    const watch = startWatchProcess(
      [
        'apply',
        name,
        '-n',
        'apps',
        '--registry',
        ECR,
        '--aws-region',
        'eu-west-1',
        '--watch',
        '--metrics-port',
        '0',
      ],
      {
        ...env,
        ...awsChildEnv(aws.url, AWS_KEY),
      },
    );
    const [, port] = await watch.waitFor(/on port (\d+)/);
    const password = () =>
      (
        storedDockerConfig(secretIn('apps', name)) as
          | { auths: Record<string, { password: string }> }
          | undefined
      )?.auths[ECR]?.password;
    const firstPassword = await eventually(password, 5_000, 'the first ECR login written');
    const firstAt = Date.now();
    const next = await eventually(
      () => (password() !== firstPassword ? password() : undefined),
      8_000,
      'the login made again',
    );
    expect(next).toMatch(/^CANARY-watch-ecr-\d+$/);
    // Made at its refresh point (3 s into 6), not at once and not after it expired.
    const waited = Date.now() - firstAt;
    expect(waited).toBeGreaterThan(1_000);
    expect(waited).toBeLessThan(6_000);
    const metrics = await (
      await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(5_000) })
    ).text();
    expect(metrics).toMatch(/^pull_secret_refresh_total [1-9]\d*$/m);
    expect(metrics).toMatch(
      new RegExp(
        `^pull_secret_seconds_until_expiry\\{namespace="apps",secret="${name}",registry="${ECR.replace(/\./g, '\\.')}"\\} \\d+$`,
        'm',
      ),
    );
    expect(metrics).not.toMatch(/CANARY/);
    expect(watch.stderr()).not.toMatch(/CANARY/);
  });

  it('runs with least privilege: Secrets without delete, namespaces read-only, ServiceAccounts get/list/patch, Leases in its namespace; no 403', async () => {
    expect(readFileSync(leastKubeconfig, 'utf8')).toContain(LEAST_TOKEN);
    const name = unique('regcred');
    const label = unique('team');
    kube.server.resetRequests();
    const watch = startWatchProcess(
      watchArgs(
        name,
        '--namespace-selector',
        `team=${label}`,
        '--service-account',
        'default',
        '--leader-elect',
        '--lease-namespace',
        'ops',
      ),
      { ...env, KUBECONFIG: leastKubeconfig },
      PASSWORD,
    );
    await watch.waitFor(/became the leader/);
    const namespace = unique('least');
    await kubectl(kubeconfig, ['create', 'namespace', namespace]);
    await kubectl(kubeconfig, ['label', 'namespace', namespace, `team=${label}`]);
    await eventually(() => secretIn(namespace, name), 5_000, 'the Secret in the new namespace');
    await eventually(
      () =>
        (
          kube.server.store.get('serviceaccounts', namespace, 'default') as
            | { imagePullSecrets?: { name: string }[] }
            | undefined
        )?.imagePullSecrets?.find((entry) => entry.name === name),
      5_000,
      'the Secret in the default ServiceAccount',
    );
    expect(kube.server.requests.filter((request) => request.status === 403)).toEqual([]);
    expect(watch.stderr()).not.toMatch(/forbidden|403/i);
  });

  it('stops on SIGTERM with exit 0', async () => {
    const watch = startWatch(unique('regcred'), '-n', 'apps');
    await watch.waitFor(/watching for secret/);
    watch.child.kill('SIGTERM');
    expect({ exit: await watch.exited, stderr: watch.stderr() }).toMatchObject({ exit: 0 });
    expect(watch.stderr()).toMatch(/stopping/);
  });

  it.each([
    [['--leader-elect'], /^error: --leader-elect needs --watch\./],
    [['--watch', '--dry-run=client'], /^error: --watch cannot be combined with --dry-run\./],
    [['--watch', '--lease-name', 'x'], /^error: --lease-name needs --leader-elect\./],
    [
      ['--watch', '--leader-elect', '--lease-duration', '5s', '--renew-deadline', '10s'],
      /^error: --lease-duration must be longer/,
    ],
    [['--watch', '--metrics-port', '99999'], /^error: --metrics-port must be a port number/],
  ])(
    'refuses %j before anything runs: exit 2, one error and a hint, nothing on stdout',
    async (flags, message) => {
      kube.server.resetRequests();
      const args = [
        'apply',
        'regcred',
        '--server',
        REGISTRY,
        '--username',
        'robot',
        '--password-stdin',
        '-n',
        'apps',
        ...flags,
      ];
      const run = await spawnCli(
        args.filter((flag) => flag !== '--watch' || flags.includes('--watch')),
        { env, stdin: PASSWORD },
      );
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/\nhint: /);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(kube.server.requests).toEqual([]);
    },
  );
});
