// The CronJob's command lines run as the container runs them: the built CLI as UID 65532, the args the
// chart gives, the environment a pod on EKS has (KUBERNETES_SERVICE_HOST/PORT, IRSA's AWS_ROLE_ARN and
// token file), no kubeconfig, and the ServiceAccount's projected token, CA and namespace mounted where
// the kubelet mounts them (see run-in-pod.ts). kube-test-server serves TLS with its own CA and knows
// the ServiceAccount's token; the AWS test server hands out the role only for the EKS token.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AwsTestServer, awsChildEnv, startAwsTestServer } from '@pull-secret/cloud-test-servers';
import type { RegistryCredential } from '@pull-secret/dockerconfigjson';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { applyPullSecret, connectKubeApi, type KubeApi } from '@pull-secret/secret';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSecret, storedDockerConfig } from './kube-cli.js';
import {
  NEEDS_POD_SANDBOX,
  POD_SANDBOX,
  ProjectedVolume,
  SERVICE_ACCOUNT_MOUNT,
  spawnInPod,
} from './run-in-pod.js';

const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';
const ROLE = 'arn:aws:iam::111122223333:role/pull-secret-refresh';
const SA_TOKEN = `CANARY-sa-token-${randomBytes(12).toString('hex')}`;
const EKS_TOKEN = `CANARY-eks-oidc-${randomBytes(12).toString('hex')}`;
const EKS_MOUNT = '/var/run/secrets/eks.amazonaws.com/serviceaccount';
const password = (account: string, region: string) => `CANARY-pod-ecr-${account}-${region}`;

let kube: KubeTestServer;
let aws: AwsTestServer;
let api: KubeApi;
let serviceAccount: ProjectedVolume;
let eks: ProjectedVolume;

beforeAll(async () => {
  kube = await startKubeTestServer({
    namespaces: ['apps', 'tools', 'pull-secret'],
    serviceAccountDelayMs: 0,
    tokens: { [SA_TOKEN]: { user: 'system:serviceaccount:pull-secret:pull-secret' } },
  });
  aws = await startAwsTestServer({ roles: [{ roleArn: ROLE, webIdentityToken: EKS_TOKEN }], password });
  const dir = mkdtempSync(join(tmpdir(), 'in-cluster-'));
  const kubeconfig = join(dir, 'kubeconfig');
  await kube.writeKubeconfig(kubeconfig);
  api = await connectKubeApi({ kubeconfig });
  serviceAccount = new ProjectedVolume({ token: SA_TOKEN, 'ca.crt': kube.caPem, namespace: 'pull-secret' });
  eks = new ProjectedVolume({ token: EKS_TOKEN });
});
afterAll(async () => {
  await Promise.all([kube?.close(), aws?.close()]);
});

/** What a pod of the chart's CronJob on EKS has in its environment. */
function podEnv(): NodeJS.ProcessEnv {
  const port = new URL(kube.url).port;
  return {
    KUBERNETES_SERVICE_HOST: '127.0.0.1',
    KUBERNETES_SERVICE_PORT: port,
    KUBERNETES_SERVICE_PORT_HTTPS: port,
    KUBERNETES_PORT: `tcp://127.0.0.1:${port}`,
    HOSTNAME: 'pull-secret-refresh-29421000-abcde',
    // What EKS's pod identity webhook injects for IRSA.
    AWS_ROLE_ARN: ROLE,
    AWS_WEB_IDENTITY_TOKEN_FILE: `${EKS_MOUNT}/token`,
    AWS_REGION: 'eu-west-1',
    AWS_DEFAULT_REGION: 'eu-west-1',
    AWS_STS_REGIONAL_ENDPOINTS: 'regional',
    // The test servers instead of AWS; nothing of this machine's AWS set-up.
    ...awsChildEnv(aws.url),
  };
}

const inPod = (
  args: string[],
  mounts: Record<string, string> = { [SERVICE_ACCOUNT_MOUNT]: serviceAccount.dir },
) => spawnInPod(args, { env: podEnv(), mounts: { ...mounts, [EKS_MOUNT]: eks.dir } });

/** An ECR login made `hoursAgo` hours ago (12 hours' lifetime), with its recipe recorded. */
async function seedStale(namespace: string, name: string, hoursAgo: number): Promise<void> {
  const issuedAt = new Date(Date.now() - hoursAgo * 3600_000);
  const login: RegistryCredential = {
    registry: ECR,
    username: 'AWS',
    password: `CANARY-old-${namespace}`,
    issuedAt,
    expiresAt: new Date(issuedAt.getTime() + 12 * 3600_000),
  };
  const result = await applyPullSecret(api, {
    name,
    credentials: [login],
    recipes: { [ECR]: { provider: 'ecr', options: { 'aws-region': 'eu-west-1' } } },
    targets: { namespaces: [namespace] },
  });
  expect(result.ok).toBe(true);
}

function storedPassword(namespace: string, name: string): string | undefined {
  const config = storedDockerConfig(kube.store.get('secrets', namespace, name)) as
    | { auths: Record<string, { password: string }> }
    | undefined;
  return config?.auths[ECR]?.password;
}

const leaks = () => [SA_TOKEN, EKS_TOKEN, password('111122223333', 'eu-west-1')];

describe.skipIf(!POD_SANDBOX)(
  "the CronJob's command line, run as the container would",
  NEEDS_POD_SANDBOX,
  () => {
    it('refresh -A --before 50%: in-cluster config and IRSA, stale entries made again, fresh ones left', async () => {
      await seedStale('apps', 'ecr-pull', 7);
      await seedStale('tools', 'ecr-pull', 1);
      aws.requests.length = 0;
      const run = await inPod(['refresh', '-A', '--before', '50%']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(storedPassword('apps', 'ecr-pull')).toBe(password('111122223333', 'eu-west-1'));
      expect(storedPassword('tools', 'ecr-pull')).toBe('CANARY-old-tools');
      // The role came from the EKS token file: STS accepts no other token for it.
      expect(aws.requests.map((request) => [request.action, request.status])).toContainEqual([
        'sts:AssumeRoleWithWebIdentity',
        200,
      ]);
      expectNoSecret(run.stdout + run.stderr, leaks(), 'the output');
    });

    it('apply NAME -n ns…: creates the Secret in each namespace with the identity of the pod', async () => {
      const run = await inPod(['apply', 'ecr-apply', '-n', 'apps,tools', '--registry', ECR]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('secret ecr-apply: 2 created, 0 updated');
      expect(storedPassword('apps', 'ecr-apply')).toBe(password('111122223333', 'eu-west-1'));
      expect(storedPassword('tools', 'ecr-apply')).toBe(password('111122223333', 'eu-west-1'));
      expectNoSecret(run.stdout + run.stderr, leaks(), 'the output');
    });

    it("with no namespace given, apply writes to the pod's own namespace (the mounted namespace file)", async () => {
      const run = await inPod(['apply', 'ecr-own', '--registry', ECR]);
      expect(run.code).toBe(0);
      expect(storedPassword('pull-secret', 'ecr-own')).toBe(password('111122223333', 'eu-west-1'));
      expect(storedPassword('default', 'ecr-own')).toBeUndefined();
    });

    it('a CA that did not sign the server: exit 1, the in-cluster CA named, nothing written', async () => {
      const other = await startKubeTestServer();
      const wrong = new ProjectedVolume({ token: SA_TOKEN, 'ca.crt': other.caPem, namespace: 'pull-secret' });
      await other.close();
      await seedStale('apps', 'wrong-ca', 7);
      kube.resetRequests();
      const run = await inPod(['refresh', '-n', 'apps'], { [SERVICE_ACCOUNT_MOUNT]: wrong.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(`the certificate of ${kube.url} is signed by an unknown authority`);
      expect(run.stderr).toContain(
        'hint: The in-cluster CA (/var/run/secrets/kubernetes.io/serviceaccount/ca.crt) did not sign it: check that KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT point at',
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(kube.requests).toEqual([]);
      expect(storedPassword('apps', 'wrong-ca')).toBe('CANARY-old-apps');
    });

    it('a token the API server does not know: exit 1, the ServiceAccount token named, nothing written', async () => {
      const revoked = new ProjectedVolume({
        token: 'CANARY-revoked-token',
        'ca.crt': kube.caPem,
        namespace: 'pull-secret',
      });
      const run = await inPod(['refresh', '-A'], { [SERVICE_ACCOUNT_MOUNT]: revoked.dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(
        'The ServiceAccount token (/var/run/secrets/kubernetes.io/serviceaccount/token) was rejected',
      );
      expectNoSecret(run.stderr, ['CANARY-revoked-token'], 'stderr');
    });

    it('KUBERNETES_SERVICE_HOST set but no token mounted: exit 2, says what is missing', async () => {
      const run = await inPod(['refresh', '-A'], {});
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(
        'KUBERNETES_SERVICE_HOST is set, but /var/run/secrets/kubernetes.io/serviceaccount/token does not exist',
      );
      expect(run.stderr).toContain('automountServiceAccountToken: true');
    });
  },
);
