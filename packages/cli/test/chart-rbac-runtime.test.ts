// What the chart renders, run as it would run: the rendered Deployment's and Jobs' container args and
// env, the built CLI, and a token holding exactly the rendered Roles' and ClusterRoles' rules (as their
// bindings bind them) against kube-test-server. A grant the runtime needs and the chart lacks is a 403.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsTestServer, awsChildEnv, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import type { PolicyRule } from '@pull-secret/kube-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { chartPolicyRules } from './chart-rbac-rules.js';
import { renderChart } from './chart-render.js';
import { expectNoSecret, type KubeCliHarness, startKubeCli, storedDockerConfig } from './kube-cli.js';
import { spawnCli } from './run-cli.js';
import { eventually, killWatchProcesses, kubectl, startWatchProcess } from './watch-process.js';

const RELEASE_NS = 'pull-secret';
const ACCOUNT = 'keeper';
const PASSWORD = 'CANARY-chart-rbac-static-pw';
const MOUNTED = '--password-file=/var/run/secrets/pull-secret/password/token';
const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const AWS_KEY = { accessKeyId: 'AKIACHARTRBACTEST001', secretAccessKey: 'CANARY-chart-rbac-aws-secret' };
const dir = mkdtempSync(join(tmpdir(), 'chart-rbac-'));

// biome-ignore lint/suspicious/noExplicitAny: rendered objects are read field by field, as YAML gave them.
type KubeObject = Record<string, any>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const staticLogin = {
  registries: ['registry.example.com'],
  username: 'ci',
  passwordSecret: { name: 'registry-login', key: 'token' },
};

let metricsPort: number;
const rendered: Record<string, KubeObject[]> = {};
const rules: Record<string, PolicyRule[]> = {};
let kube: KubeCliHarness;
let aws: AwsTestServer;
const kubeconfigs: Record<string, string> = {};
let passwordFile: string;

beforeAll(async () => {
  metricsPort = await freePort();
  rendered.selector = await renderChart({
    mode: 'deployment',
    targets: { namespaceSelector: 'team=data' },
    serviceAccounts: ['default'],
    credentials: staticLogin,
    deployment: { metricsPort },
  });
  rendered.explicit = await renderChart({
    mode: 'deployment',
    targets: { namespaces: ['apps', 'jobs'] },
    serviceAccounts: ['default'],
    credentials: staticLogin,
    deployment: { metricsPort },
  });
  rendered.cronjob = await renderChart({
    targets: { namespaces: ['apps', 'jobs'] },
    credentials: { provider: 'ecr', registries: [ECR], options: { 'aws-region': 'eu-west-1' } },
    cronjob: { before: '13h' },
  });
  for (const [name, objects] of Object.entries(rendered))
    rules[name] = chartPolicyRules(objects, RELEASE_NS, ACCOUNT);
  // The negative control: the chart's selector grants without ServiceAccounts' patch.
  rules.noPatch = rules.selector!.map((rule) =>
    rule.resources.includes('serviceaccounts')
      ? { ...rule, verbs: rule.verbs.filter((v) => v !== 'patch') }
      : rule,
  );
  // And without the Lease rules.
  rules.noLease = rules.selector!.filter((rule) => !rule.resources.includes('leases'));
  aws = await startAwsTestServer({
    accessKeys: [AWS_KEY],
    password: (account, region) => `CANARY-chart-rbac-ecr-${account}-${region}`,
    tokenLifetimeMs: 12 * 3600_000,
  });
  kube = await startKubeCli({
    namespaces: [RELEASE_NS, 'apps', 'jobs'],
    serviceAccountDelayMs: 50,
    tokens: Object.fromEntries(
      Object.entries(rules).map(([name, list]) => [
        `chart-token-${name}`,
        { user: `system:serviceaccount:${RELEASE_NS}:${ACCOUNT}`, rules: list },
      ]),
    ),
  });
  for (const name of Object.keys(rules)) {
    kubeconfigs[name] = join(dir, `kubeconfig-${name}`);
    writeFileSync(
      kubeconfigs[name],
      kube.server.kubeconfig.replaceAll(kube.server.token, `chart-token-${name}`),
      {
        mode: 0o600,
      },
    );
  }
  kubeconfigs.admin = join(dir, 'kubeconfig-admin');
  await kube.server.writeKubeconfig(kubeconfigs.admin);
  // What the kubelet does with the chart's volume: the Secret's key as a file at the mount path.
  passwordFile = join(dir, 'token');
  writeFileSync(passwordFile, PASSWORD);
});
afterEach(async () => {
  await killWatchProcesses();
  // A killed holder keeps the Lease for its 15 s; the next test's replicas start from none, as after an uninstall.
  await kubectl(kubeconfigs.admin!, ['delete', 'lease', 'keeper', '-n', RELEASE_NS, '--ignore-not-found']);
});
afterAll(async () => Promise.all([kube?.close(), aws?.close()]));

function container(objects: KubeObject[], kind: string): { args: string[]; env?: KubeObject[] } {
  const object = objects.find((o) => o.kind === kind);
  if (!object) throw new Error(`no ${kind} rendered`);
  const pod = kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
  return pod.containers[0];
}

/** The container's args with the mounted password file where this test wrote it. */
function mountedArgs(args: string[]): string[] {
  expect(args).toContain(MOUNTED);
  return args.map((arg) => (arg === MOUNTED ? `--password-file=${passwordFile}` : arg));
}

const forbidden = () =>
  kube.server.requests.filter((r) => r.status === 403).map((r) => `${r.method} ${r.path}`);

describe('the converter from rendered RBAC to kube-test-server rules', () => {
  it('binds ClusterRoles everywhere, Roles in their namespace, and keeps resourceNames', () => {
    expect(rules.selector).toContainEqual({
      apiGroups: [''],
      resources: ['secrets'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
    });
    const leases = rules.selector!.filter((r) => r.resources.includes('leases'));
    expect(leases.length).toBeGreaterThan(0);
    for (const rule of leases) expect(rule.namespaces).toEqual([RELEASE_NS]);
    expect(leases.some((r) => r.resourceNames?.includes(ACCOUNT))).toBe(true);
    // Explicit namespaces: nothing cluster-wide about Secrets.
    for (const rule of rules.explicit!.filter((r) => r.resources.includes('secrets')))
      expect(rule.namespaces).toHaveLength(1);
    // A binding for another account gives that account's token nothing.
    expect(chartPolicyRules(rendered.selector!, RELEASE_NS, 'someone-else')).toEqual([]);
  });
});

describe('deployment mode, run as the chart renders it, under the chart’s RBAC', () => {
  it('namespace selector, two replicas: ready, a new labelled namespace served within 5 s, one Lease holder, no 403', async () => {
    const { args, env } = container(rendered.selector!, 'Deployment');
    expect(env ?? []).toEqual([]);
    expect(args).toContain(`--metrics-port=${metricsPort}`);
    const processEnv = { KUBECONFIG: kubeconfigs.selector, HOME: dir };
    // Two pods have a network namespace each; on one host the second replica gets another port.
    const secondPort = await freePort();
    kube.server.resetRequests();
    const a = startWatchProcess(mountedArgs(args), processEnv);
    await a.waitFor(/became the leader/);
    const b = startWatchProcess(
      mountedArgs(args).map((arg) =>
        arg === `--metrics-port=${metricsPort}` ? `--metrics-port=${secondPort}` : arg,
      ),
      processEnv,
    );
    const ready = async (port: number) => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(5_000) });
      return response.status === 200 ? true : undefined;
    };
    await eventually(() => ready(metricsPort).catch(() => undefined), 10_000, 'replica 1 ready');
    await eventually(() => ready(secondPort).catch(() => undefined), 10_000, 'replica 2 ready');
    const namespace = `data-${Date.now().toString(36)}`;
    const started = Date.now();
    await kubectl(kubeconfigs.admin!, ['create', 'namespace', namespace]);
    await kubectl(kubeconfigs.admin!, ['label', 'namespace', namespace, 'team=data']);
    await eventually(() => kube.server.store.get('secrets', namespace, 'regcred'), 5_000, 'the Secret');
    const secretMs = Date.now() - started;
    await eventually(
      () =>
        (
          kube.server.store.get('serviceaccounts', namespace, 'default') as KubeObject | undefined
        )?.imagePullSecrets?.some((s: { name: string }) => s.name === 'regcred')
          ? true
          : undefined,
      5_000,
      'the ServiceAccount entry',
    );
    const accountMs = Date.now() - started;
    console.info(`chart deployment: Secret after ${secretMs} ms, ServiceAccount entry after ${accountMs} ms`);
    const config = storedDockerConfig(kube.server.store.get('secrets', namespace, 'regcred')) as {
      auths: Record<string, { password: string }>;
    };
    expect(config.auths['registry.example.com']?.password).toBe(PASSWORD);
    const lease = kube.server.store.get('leases', RELEASE_NS, 'keeper') as KubeObject;
    expect(lease.spec.holderIdentity).toBeTruthy();
    const leaders = [a, b].filter((p) => /became the leader/.test(p.stderr()));
    expect(leaders).toEqual([a]);
    expect(forbidden()).toEqual([]);
    expectNoSecret(a.stderr() + b.stderr(), [PASSWORD], 'output');
  });

  it('explicit namespaces: both get the Secret and the ServiceAccount entry, no 403', async () => {
    const { args } = container(rendered.explicit!, 'Deployment');
    kube.server.resetRequests();
    const watch = startWatchProcess(mountedArgs(args), { KUBECONFIG: kubeconfigs.explicit, HOME: dir });
    for (const namespace of ['apps', 'jobs']) {
      await eventually(
        () =>
          (
            kube.server.store.get('serviceaccounts', namespace, 'default') as KubeObject | undefined
          )?.imagePullSecrets?.some((s: { name: string }) => s.name === 'regcred')
            ? true
            : undefined,
        5_000,
        `the ServiceAccount entry in ${namespace}`,
      );
      expect(kube.server.store.get('secrets', namespace, 'regcred')).toBeDefined();
    }
    await eventually(
      () =>
        fetch(`http://127.0.0.1:${metricsPort}/readyz`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      10_000,
      'ready',
    );
    expect(forbidden()).toEqual([]);
    expectNoSecret(watch.stderr(), [PASSWORD], 'output');
  });

  it('the converter matters: without ServiceAccounts patch, the same run gets 403', async () => {
    const { args } = container(rendered.selector!, 'Deployment');
    kube.server.resetRequests();
    const port = await freePort();
    startWatchProcess(
      mountedArgs(args).map((arg) => (arg.startsWith('--metrics-port=') ? `--metrics-port=${port}` : arg)),
      { KUBECONFIG: kubeconfigs.noPatch, HOME: dir },
    );
    const namespace = `data-neg-${Date.now().toString(36)}`;
    await kubectl(kubeconfigs.admin!, ['create', 'namespace', namespace]);
    await kubectl(kubeconfigs.admin!, ['label', 'namespace', namespace, 'team=data']);
    const denied = await eventually(
      () => (forbidden().length > 0 ? forbidden() : undefined),
      10_000,
      'a 403',
    );
    expect(denied.some((line) => /^PATCH .*\/serviceaccounts\/default$/.test(line))).toBe(true);
  });
});

describe('the chart’s RBAC less its Lease rules', () => {
  it('without the Lease rules, leader election gets 403 and no replica leads', async () => {
    const { args } = container(rendered.selector!, 'Deployment');
    kube.server.resetRequests();
    const port = await freePort();
    const watch = startWatchProcess(
      mountedArgs(args).map((arg) => (arg.startsWith('--metrics-port=') ? `--metrics-port=${port}` : arg)),
      { KUBECONFIG: kubeconfigs.noLease, HOME: dir },
    );
    const denied = await eventually(
      () => (forbidden().length > 0 ? forbidden() : undefined),
      10_000,
      'a 403',
    );
    expect(denied.every((line) => line.includes('/leases'))).toBe(true);
    expect(watch.stderr()).not.toMatch(/became the leader/);
  });
});

describe('cronjob mode under the chart’s RBAC', () => {
  it('the install Job’s apply creates the Secret and the CronJob’s refresh renews it, with no 403', async () => {
    const env = {
      KUBECONFIG: kubeconfigs.cronjob!,
      HOME: dir,
      ...awsChildEnv(aws.url, AWS_KEY),
    };
    kube.server.resetRequests();
    const apply = container(rendered.cronjob!, 'Job');
    const applied = await spawnCli(apply.args, { env });
    expect(applied.stderr).toMatch(/created/);
    expect(applied.code).toBe(0);
    const before = kube.server.store.get('secrets', 'jobs', 'regcred') as KubeObject;
    expect(before).toBeDefined();
    const refresh = container(rendered.cronjob!, 'CronJob');
    const refreshed = await spawnCli(refresh.args, { env });
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('2 secrets: 2 refreshed, 0 unchanged, 0 failed');
    const after = kube.server.store.get('secrets', 'jobs', 'regcred') as KubeObject;
    expect(after.metadata.resourceVersion).not.toBe(before.metadata.resourceVersion);
    expect(forbidden()).toEqual([]);
    for (const run of [applied, refreshed]) expectNoSecret(run.stdout + run.stderr, ['CANARY'], 'output');
  });
});
