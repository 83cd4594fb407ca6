export interface KubeconfigInit {
  server: string;
  caPem: string;
  token: string;
  /** Name of the cluster, user and context. */
  name?: string;
}

/**
 * A kubeconfig with one cluster (CA inlined), one token user and one context, made current. Every
 * string is double-quoted: a random token such as 12e45 would otherwise read as a YAML number.
 */
export function kubeconfigYaml({ server, caPem, token, name = 'kube-test' }: KubeconfigInit): string {
  const q = JSON.stringify;
  return `apiVersion: v1
kind: Config
clusters:
  - name: ${q(name)}
    cluster:
      server: ${q(server)}
      certificate-authority-data: ${q(Buffer.from(caPem).toString('base64'))}
users:
  - name: ${q(name)}
    user:
      token: ${q(token)}
contexts:
  - name: ${q(name)}
    context:
      cluster: ${q(name)}
      user: ${q(name)}
current-context: ${q(name)}
preferences: {}
`;
}
