import { describe, expect, it } from 'vitest';
import { kubeconfigSecrets } from './kubeconfig-secrets.js';

describe('kubeconfigSecrets', () => {
  it('finds tokens, keys, passwords, auth-provider config and exec env values, in YAML', () => {
    const yaml = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: 'https://k8s:6443' } }]
users:
- name: ci
  user:
    token: CANARY-token-1
    client-key-data: CANARY-key-2
- name: basic
  user: { username: admin, password: CANARY-password-3 }
- name: oidc
  user:
    auth-provider:
      name: oidc
      config: { client-secret: CANARY-secret-4, id-token: CANARY-id-5 }
- name: exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: aws
      args: [eks, get-token]
      env: [{ name: AWS_SECRET_ACCESS_KEY, value: CANARY-aws-6 }]
`;
    const secrets = kubeconfigSecrets(yaml);
    for (const canary of [
      'CANARY-token-1',
      'CANARY-key-2',
      'CANARY-password-3',
      'CANARY-secret-4',
      'CANARY-id-5',
      'CANARY-aws-6',
    ]) {
      expect(secrets).toContain(canary);
    }
    expect(secrets).not.toContain('aws');
    expect(secrets).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(secrets).not.toContain('https://k8s:6443');
  });

  it('masks nothing of an aws eks update-kubeconfig kubeconfig but the exec env values', () => {
    const yaml = `apiVersion: v1
kind: Config
preferences: {}
current-context: arn:aws:eks:us-east-1:123456789012:cluster/prod
clusters:
- name: arn:aws:eks:us-east-1:123456789012:cluster/prod
  cluster:
    certificate-authority-data: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==
    server: https://ABCDEF0123456789.gr7.us-east-1.eks.amazonaws.com
contexts:
- name: arn:aws:eks:us-east-1:123456789012:cluster/prod
  context:
    cluster: arn:aws:eks:us-east-1:123456789012:cluster/prod
    namespace: default
    user: arn:aws:eks:us-east-1:123456789012:cluster/prod
users:
- name: arn:aws:eks:us-east-1:123456789012:cluster/prod
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, us-east-1, eks, get-token, --cluster-name, prod, --output, json]
      env:
      - name: AWS_PROFILE
        value: CANARY-profile-7
      interactiveMode: IfAvailable
      provideClusterInfo: false
`;
    const secrets = kubeconfigSecrets(yaml);
    expect(secrets).toEqual(['CANARY-profile-7']);
    for (const word of ['default', 'prod', 'eks', 'us-east-1', 'json', '--region', 'aws', 'get-token']) {
      expect(secrets).not.toContain(word);
    }
  });

  it('masks no username, context or cluster name, only the credential fields', () => {
    const yaml = `users:
- name: admin
  user: { username: admin, password: CANARY-pw-8, token: CANARY-tok-9, client-certificate-data: CANARY-cert-10 }
`;
    expect(kubeconfigSecrets(yaml).sort()).toEqual(['CANARY-cert-10', 'CANARY-pw-8', 'CANARY-tok-9']);
  });

  it('reads the JSON kubectl config view -o json prints', () => {
    const json = JSON.stringify({ users: [{ name: 'ci', user: { token: 'CANARY-json-token' } }] }, null, 2);
    expect(kubeconfigSecrets(json)).toEqual(['CANARY-json-token']);
  });

  it('masks a kubeconfig that does not parse as a whole, and nothing for an empty one', () => {
    expect(kubeconfigSecrets('users: [\n  token: CANARY-x')).toEqual(['users: [\n  token: CANARY-x']);
    expect(kubeconfigSecrets('')).toEqual([]);
  });
});
