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

  it('calls an error of our own code a bug, not "no answer", and keeps fetch\'s own TypeErrors as network failures', () => {
    const bug = describeTransportFailure(
      new TypeError("Cannot read properties of undefined (reading 'x')"),
      SERVER,
    );
    expect(bug.message).toBe('pull-secret failed before the request was sent (TypeError)');
    expect(bug.hint).toMatch(/--debug/);
    // fetch's network failures are TypeErrors with the socket's error as cause, or none at all.
    expect(describeTransportFailure(new TypeError('fetch failed'), SERVER).message).toBe(
      `no answer from ${SERVER}`,
    );
    expect(
      describeTransportFailure(
        Object.assign(new TypeError('terminated'), { cause: { code: 'UND_ERR_SOCKET' } }),
        SERVER,
      ).message,
    ).toBe(`no answer from ${SERVER}`);
  });
});
