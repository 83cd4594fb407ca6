import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { helmTemplate } from '@pull-secret/helm';
import { parseAllDocuments } from 'yaml';

// The chart and the value sets its tests render, shared by chart.test.ts and cronjob.test.ts.

export const CHART_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../charts/pull-secret');
// biome-ignore lint/suspicious/noExplicitAny: rendered objects are read field by field, as YAML gave them.
type KubeObject = Record<string, any>;

/** Value sets covering both modes, each cloud identity and every kind of target. */
export const VALUE_SETS: Record<string, Record<string, unknown>> = {
  defaults: {},
  'deployment defaults': { mode: 'deployment' },
  'cronjob, EKS IRSA, ECR into two namespaces': {
    targets: { namespaces: ['apps', 'jobs'] },
    serviceAccounts: ['default'],
    credentials: {
      provider: 'ecr',
      registries: ['123456789012.dkr.ecr.eu-west-1.amazonaws.com'],
      options: { 'aws-region': 'eu-west-1' },
    },
    cloudIdentity: { aws: { roleArn: 'arn:aws:iam::123456789012:role/pull-secret' } },
  },
  'cronjob, GKE workload identity, every namespace': {
    targets: { allNamespaces: true },
    credentials: { registries: ['europe-docker.pkg.dev'] },
    cloudIdentity: { gcp: { serviceAccount: 'pull-secret@proj.iam.gserviceaccount.com' } },
    cronjob: { schedule: '*/10 * * * *', timeZone: 'Etc/UTC', before: '30m' },
  },
  'deployment, Azure workload identity, namespace selector': {
    mode: 'deployment',
    targets: { namespaceSelector: 'team=data', excludeNamespaces: ['kube-*'] },
    serviceAccounts: ['default', 'builder'],
    credentials: {
      provider: 'acr',
      registries: ['myregistry.azurecr.io'],
      options: { 'azure-tenant-id': '00000000-0000-0000-0000-000000000001' },
    },
    cloudIdentity: {
      azure: {
        clientId: '00000000-0000-0000-0000-000000000002',
        tenantId: '00000000-0000-0000-0000-000000000001',
      },
    },
    podLabels: { team: 'platform' },
    podAnnotations: { 'example.com/note': 'kept' },
    nodeSelector: { 'kubernetes.io/os': 'linux' },
    imagePullSecrets: ['mirror-pull'],
  },
  'deployment, Harbor robot from existing Secrets': {
    mode: 'deployment',
    secretName: 'harbor-pull',
    credentials: {
      provider: 'harbor',
      registries: ['harbor.example.com'],
      options: { 'harbor-robot-name': 'robot$apps+puller' },
      secretEnv: [{ name: 'HARBOR_PASSWORD', secretKeyRef: { name: 'harbor-robot', key: 'secret' } }],
    },
    deployment: { replicas: 3, leaseName: 'harbor-leader', metricsPort: 8080 },
    extraArgs: ['--request-timeout=30s'],
  },
  'cronjob, static login with a mounted password': {
    credentials: {
      registries: ['registry.example.com'],
      username: 'ci',
      passwordSecret: { name: 'registry-login', key: 'token' },
    },
    rbac: { create: true },
    serviceAccount: { create: false, name: 'existing' },
  },
};

export async function renderChart(values: object, namespace = 'pull-secret', release = 'keeper') {
  const result = await helmTemplate(CHART_DIR, values, { namespace, release });
  if (result.exitCode !== 0) throw new Error(`helm template failed: ${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((doc) => doc.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => object !== null);
}
