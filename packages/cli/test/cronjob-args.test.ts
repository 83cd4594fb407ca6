// The command lines the chart's cronjob mode gives its containers, run by the built CLI against
// kube-test-server (and the AWS test server for ECR): the first-apply Job's apply makes the Secret, and
// the CronJob's refresh renews it. A flag the CLI does not take, or spells differently, fails here.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsTestServer, awsChildEnv, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { expectNoSecret, type KubeCliHarness, startKubeCli, storedDockerConfig } from './kube-cli.js';
import { runCli } from './run-cli.js';

const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const AWS_KEY = { accessKeyId: 'AKIACRONJOBTEST00001', secretAccessKey: 'CANARY-cronjob-aws-secret-0123' };
const dir = mkdtempSync(join(tmpdir(), 'cronjob-args-'));

let aws: AwsTestServer;
let kube: KubeCliHarness;
beforeAll(async () => {
  aws = await startAwsTestServer({
    accessKeys: [AWS_KEY],
    password: (account, region) => `CANARY-cronjob-ecr-${account}-${region}`,
    tokenLifetimeMs: 12 * 3600_000,
  });
  kube = await startKubeCli({ namespaces: ['apps', 'jobs', 'static'] });
});
afterAll(async () => {
  await Promise.all([aws?.close(), kube?.close()]);
});

interface Container {
  args: string[];
  env?: { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } }[];
}

/** The containers of the CronJob and of the first-apply Job that `pull-secret cronjob` prints. */
async function containers(values: object): Promise<{ refresh: Container; apply: Container }> {
  const run = await runCli(['cronjob', '-n', 'pull-secret', '-f', 'values.yaml'], {
    files: { 'values.yaml': JSON.stringify(values) },
  });
  expect(run.code).toBe(0);
  // biome-ignore lint/suspicious/noExplicitAny: read field by field, as YAML gave them.
  const objects = parseAllDocuments(run.stdout).map((doc) => doc.toJS() as any);
  const cron = objects.find((o) => o.kind === 'CronJob');
  const job = objects.find((o) => o.kind === 'Job');
  return {
    refresh: cron.spec.jobTemplate.spec.template.spec.containers[0],
    apply: job.spec.template.spec.containers[0],
  };
}

describe('the cronjob mode’s command lines, run as its containers run them', () => {
  it('ECR: the Job’s apply makes the Secret in both namespaces, the CronJob’s refresh renews it', async () => {
    const env = awsChildEnv(aws.url, AWS_KEY);
    // A 13-hour refresh point: the 12-hour token is due at once, so refresh has something to do.
    const { apply, refresh } = await containers({
      targets: { namespaces: ['apps', 'jobs'] },
      credentials: { provider: 'ecr', registries: [ECR], options: { 'aws-region': 'eu-west-1' } },
      cronjob: { before: '13h' },
    });
    const applied = await kube.run(apply.args, undefined, env);
    expect(applied.stderr).toMatch(/created/);
    expect(applied.code).toBe(0);
    for (const namespace of ['apps', 'jobs']) {
      const config = storedDockerConfig(kube.server.store.get('secrets', namespace, 'regcred')) as {
        auths: Record<string, { password: string }>;
      };
      expect(config.auths[ECR]?.password).toBe('CANARY-cronjob-ecr-111122223333-eu-west-1');
    }
    const refreshed = await kube.run(refresh.args, undefined, env);
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('2 secrets: 2 refreshed, 0 unchanged, 0 failed');
    expect(refreshed.writes.map((w) => w.path)).toEqual([
      '/api/v1/namespaces/apps/secrets/regcred',
      '/api/v1/namespaces/jobs/secrets/regcred',
    ]);
    for (const run of [applied, refreshed]) expectNoSecret(run.stdout + run.stderr, ['CANARY'], 'output');
  });

  it('a static login: the password from the mounted Secret key, the ServiceAccount patched', async () => {
    const { apply, refresh } = await containers({
      targets: { namespaces: ['static'] },
      serviceAccounts: ['default'],
      credentials: {
        registries: ['registry.example.com'],
        username: 'ci',
        passwordSecret: { name: 'registry-login', key: 'token' },
      },
    });
    // What the kubelet does with the chart's volume: the Secret's key as a file at the mount path.
    const mounted = '--password-file=/var/run/secrets/pull-secret/password/token';
    expect(apply.args).toContain(mounted);
    const passwordFile = join(dir, 'token');
    writeFileSync(passwordFile, 'CANARY-cronjob-static-pw');
    const args = apply.args.map((arg) => (arg === mounted ? `--password-file=${passwordFile}` : arg));
    const applied = await kube.run(args);
    expect(applied.code).toBe(0);
    const account = kube.server.store.get('serviceaccounts', 'static', 'default') as {
      imagePullSecrets?: { name: string }[];
    };
    expect(account.imagePullSecrets).toContainEqual({ name: 'regcred' });
    // A static login does not expire: refresh leaves it alone.
    const refreshed = await kube.run(refresh.args);
    expect(refreshed.code).toBe(0);
    expect(refreshed.stdout).toContain('1 secret: 0 refreshed, 1 unchanged, 0 failed');
    expect(refreshed.writes).toEqual([]);
    for (const run of [applied, refreshed]) expectNoSecret(run.stdout + run.stderr, ['CANARY'], 'output');
  });
});
