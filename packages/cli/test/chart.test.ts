import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findHelm, helmTemplate } from '@pull-secret/helm';
import { describe, expect, it } from 'vitest';
import { CHART_DIR, renderChart, VALUE_SETS } from './chart-render.js';
import { kubeSchemaProblems } from './kube-schema.js';
import { rbacProblems } from './rbac-check.js';

const helm = findHelm();

// biome-ignore lint/suspicious/noExplicitAny: rendered objects are read field by field, as YAML gave them.
type KubeObject = Record<string, any>;

function runHelm(args: string[]): Promise<{ code: number; output: string }> {
  const home = mkdtempSync(join(tmpdir(), 'chart-test-'));
  return new Promise((done) => {
    execFile(
      helm!,
      args,
      { env: { PATH: process.env.PATH ?? '', HOME: home }, timeout: 60_000 },
      (error, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true });
        done({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

const byKind = (objects: KubeObject[], kind: string) => objects.filter((o) => o.kind === kind);
const podSpec = (objects: KubeObject[]): KubeObject => {
  const cron = byKind(objects, 'CronJob')[0];
  return cron
    ? cron.spec.jobTemplate.spec.template.spec
    : byKind(objects, 'Deployment')[0]!.spec.template.spec;
};
const podLabels = (objects: KubeObject[]): Record<string, string> => {
  const cron = byKind(objects, 'CronJob')[0];
  return (cron ? cron.spec.jobTemplate.spec.template : byKind(objects, 'Deployment')[0]!.spec.template)
    .metadata.labels;
};

describe.skipIf(!helm)('the pull-secret chart, rendered by the real Helm', { tags: ['needs-helm'] }, () => {
  it('passes helm lint, with its defaults and with each value set', async () => {
    const plain = await runHelm(['lint', CHART_DIR, '--strict']);
    expect(plain.output).toContain('0 chart(s) failed');
    expect(plain.code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'chart-values-'));
    try {
      for (const [name, values] of Object.entries(VALUE_SETS)) {
        const file = join(dir, 'values.json');
        writeFileSync(file, JSON.stringify(values));
        const linted = await runHelm(['lint', CHART_DIR, '--strict', '-f', file]);
        expect(linted.code, `${name}: ${linted.output}`).toBe(0);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders cronjob mode with its defaults alone: refresh on a schedule, Forbid, history limits, deadline', async () => {
    const objects = await renderChart({});
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'CronJob']);
    const cron = byKind(objects, 'CronJob')[0]!;
    expect(cron.spec).toMatchObject({
      schedule: '*/15 * * * *',
      concurrencyPolicy: 'Forbid',
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: { spec: { activeDeadlineSeconds: 300, backoffLimit: 1 } },
    });
    const container = podSpec(objects).containers[0];
    expect(container.image).toBe('ghcr.io/pull-secret/pull-secret:0.1.0');
    expect(container.args).toEqual([
      'refresh',
      '--namespace=pull-secret',
      '--secret=regcred',
      '--before=50%',
    ]);
    // No recipe in the values: nothing for a first apply to do.
    expect(byKind(objects, 'Job')).toEqual([]);
  });

  it('renders deployment mode: apply --watch with leader election, 2 replicas, probes and the metrics port', async () => {
    const objects = await renderChart({ mode: 'deployment' });
    expect(objects.map((o) => o.kind)).toEqual([
      'ServiceAccount',
      'Role',
      'Role',
      'RoleBinding',
      'RoleBinding',
      'Deployment',
    ]);
    const deployment = byKind(objects, 'Deployment')[0]!;
    expect(deployment.spec.replicas).toBe(2);
    const container = podSpec(objects).containers[0];
    expect(container.args).toEqual([
      'apply',
      'regcred',
      '--namespace=pull-secret',
      '--watch',
      '--leader-elect',
      '--lease-name=keeper',
      '--lease-namespace=pull-secret',
      '--metrics-port=9090',
    ]);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9090, protocol: 'TCP' }]);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
  });

  it('runs every pod non-root, read-only, without capabilities, with seccomp RuntimeDefault and resources', async () => {
    for (const [name, values] of Object.entries(VALUE_SETS)) {
      const objects = await renderChart(values);
      const specs = objects.flatMap((o) =>
        o.kind === 'CronJob'
          ? [o.spec.jobTemplate.spec.template.spec]
          : o.spec?.template
            ? [o.spec.template.spec]
            : [],
      );
      expect(specs.length, name).toBeGreaterThan(0);
      for (const spec of specs) {
        expect(spec.securityContext, name).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(spec.automountServiceAccountToken, name).toBe(true);
        const [container] = spec.containers;
        expect(container.securityContext, name).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.resources.requests, name).toEqual({ cpu: '10m', memory: '64Mi' });
        expect(container.resources.limits, name).toEqual({ cpu: '500m', memory: '256Mi' });
      }
    }
  });

  it('puts each cloud identity on the ServiceAccount, and the Azure label on the pods', async () => {
    const eks = await renderChart(VALUE_SETS['cronjob, EKS IRSA, ECR into two namespaces']!);
    expect(byKind(eks, 'ServiceAccount')[0]!.metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/pull-secret',
    });
    const gke = await renderChart(VALUE_SETS['cronjob, GKE workload identity, every namespace']!);
    expect(byKind(gke, 'ServiceAccount')[0]!.metadata.annotations).toEqual({
      'iam.gke.io/gcp-service-account': 'pull-secret@proj.iam.gserviceaccount.com',
    });
    expect(podLabels(gke)['azure.workload.identity/use']).toBeUndefined();
    const aks = await renderChart(VALUE_SETS['deployment, Azure workload identity, namespace selector']!);
    expect(byKind(aks, 'ServiceAccount')[0]!.metadata.annotations).toEqual({
      'azure.workload.identity/client-id': '00000000-0000-0000-0000-000000000002',
      'azure.workload.identity/tenant-id': '00000000-0000-0000-0000-000000000001',
    });
    expect(podLabels(aks)).toMatchObject({ 'azure.workload.identity/use': 'true', team: 'platform' });
    const none = await renderChart({});
    expect(byKind(none, 'ServiceAccount')[0]!.metadata.annotations).toBeUndefined();
  });

  it('gives the recipe as flags and secrets only by reference to existing Secrets', async () => {
    const harbor = await renderChart(VALUE_SETS['deployment, Harbor robot from existing Secrets']!);
    const container = podSpec(harbor).containers[0];
    expect(container.args).toEqual([
      'apply',
      'harbor-pull',
      '--namespace=pull-secret',
      '--provider=harbor',
      '--registry=harbor.example.com',
      '--harbor-robot-name=robot$apps+puller',
      '--watch',
      '--leader-elect',
      '--lease-name=harbor-leader',
      '--lease-namespace=pull-secret',
      '--metrics-port=8080',
      '--request-timeout=30s',
    ]);
    expect(container.env).toEqual([
      { name: 'HARBOR_PASSWORD', valueFrom: { secretKeyRef: { name: 'harbor-robot', key: 'secret' } } },
    ]);
    expect(byKind(harbor, 'Deployment')[0]!.spec.replicas).toBe(3);

    const login = await renderChart(VALUE_SETS['cronjob, static login with a mounted password']!);
    expect(byKind(login, 'ServiceAccount')).toEqual([]);
    const job = byKind(login, 'Job')[0]!;
    expect(job.metadata.annotations['helm.sh/hook']).toBe('post-install,post-upgrade');
    const spec = job.spec.template.spec;
    expect(spec.serviceAccountName).toBe('existing');
    expect(spec.containers[0].args).toEqual([
      'apply',
      'regcred',
      '--namespace=pull-secret',
      '--registry=registry.example.com',
      '--username=ci',
      '--password-file=/var/run/secrets/pull-secret/password/token',
    ]);
    expect(spec.volumes[1]).toEqual({
      name: 'password',
      secret: { secretName: 'registry-login', defaultMode: 0o400, items: [{ key: 'token', path: 'token' }] },
    });
  });

  it.each([
    ['an unknown top-level key', { schedule: '* * * * *' }, 'schedule'],
    ['an unknown nested key', { credentials: { password: 'canary-chart-pw' } }, 'password'],
    ['an unknown identity', { cloudIdentity: { aws: { roleArn: 'x', externalId: 'y' } } }, 'externalId'],
    ['a mode it does not have', { mode: 'daemonset' }, 'mode'],
  ])('refuses %s by its schema', async (_, values, key) => {
    const result = await helmTemplate(CHART_DIR, values);
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(key);
    expect(result.stderr).not.toContain('canary-chart-pw');
  });

  it('renders only objects the Kubernetes API schema accepts', async () => {
    for (const [name, values] of Object.entries(VALUE_SETS)) {
      for (const object of await renderChart(values)) expect(kubeSchemaProblems(object), name).toEqual([]);
    }
  });

  it('grants nothing beyond the verbs and resources each mode needs', async () => {
    for (const [name, values] of Object.entries(VALUE_SETS)) {
      const objects = await renderChart(values);
      expect(rbacProblems(objects, values, 'pull-secret'), name).toEqual([]);
    }
  });

  it('makes a ClusterRole only for cluster-wide targets, else a Role per target namespace', async () => {
    const two = await renderChart(VALUE_SETS['cronjob, EKS IRSA, ECR into two namespaces']!);
    expect(byKind(two, 'ClusterRole')).toEqual([]);
    expect(byKind(two, 'Role').map((r) => r.metadata.namespace)).toEqual(['apps', 'jobs']);
    expect(byKind(two, 'RoleBinding').map((r) => r.subjects)).toEqual([
      [{ kind: 'ServiceAccount', name: 'keeper', namespace: 'pull-secret' }],
      [{ kind: 'ServiceAccount', name: 'keeper', namespace: 'pull-secret' }],
    ]);
    const everywhere = await renderChart(VALUE_SETS['cronjob, GKE workload identity, every namespace']!);
    expect(byKind(everywhere, 'Role')).toEqual([]);
    expect(byKind(everywhere, 'ClusterRole')).toHaveLength(1);
    expect(await renderChart({ rbac: { create: false } })).toHaveLength(2);
  });
});
