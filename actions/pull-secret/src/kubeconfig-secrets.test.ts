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

  it('reads the JSON kubectl config view -o json prints', () => {
    const json = JSON.stringify({ users: [{ name: 'ci', user: { token: 'CANARY-json-token' } }] }, null, 2);
    expect(kubeconfigSecrets(json)).toEqual(['CANARY-json-token']);
  });

  it('masks a kubeconfig that does not parse as a whole, and nothing for an empty one', () => {
    expect(kubeconfigSecrets('users: [\n  token: CANARY-x')).toEqual(['users: [\n  token: CANARY-x']);
    expect(kubeconfigSecrets('')).toEqual([]);
  });
});
