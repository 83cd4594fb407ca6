import { describe, expect, it } from 'vitest';
import { describeTransportFailure } from './transport-failure.js';

const SERVER = 'https://10.96.0.1:443';
const failure = (code: string) => Object.assign(new Error('fetch failed'), { cause: { code } });

describe('describeTransportFailure', () => {
  it('in a pod, points at the Service variables and the in-cluster CA, not at a kubeconfig', () => {
    const untrusted = describeTransportFailure(failure('SELF_SIGNED_CERT_IN_CHAIN'), SERVER, 'in-cluster');
    expect(untrusted.message).toBe(
      `the certificate of ${SERVER} is signed by an unknown authority (SELF_SIGNED_CERT_IN_CHAIN)`,
    );
    expect(untrusted.hint).toBe(
      "The in-cluster CA (/var/run/secrets/kubernetes.io/serviceaccount/ca.crt) did not sign it: check that KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT point at the cluster's API server, not at a proxy with a certificate of its own.",
    );
    for (const code of ['ECONNREFUSED', 'ENOTFOUND']) {
      const { hint } = describeTransportFailure(failure(code), SERVER, 'in-cluster');
      expect(hint).toContain('Check KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT');
      expect(hint).not.toContain('kubeconfig');
    }
  });

  it('with a kubeconfig, names the kubeconfig as before', () => {
    expect(describeTransportFailure(failure('UNABLE_TO_GET_ISSUER_CERT_LOCALLY'), SERVER).hint).toMatch(
      /^Give the cluster's CA in the kubeconfig/,
    );
    expect(describeTransportFailure(failure('ECONNREFUSED'), SERVER, 'kubeconfig').hint).toContain(
      'kubectl config view --minify',
    );
  });
});
