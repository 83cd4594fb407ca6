import { ExecPluginFailure } from './exec-plugin-failure.js';
import { IN_CLUSTER_CA, type KubeconfigOrigin } from './load-kubeconfig.js';

export interface TransportFailure {
  /** What happened, to follow "Could not read secret x/y: ". */
  message: string;
  hint: string;
}

// OpenSSL's verdicts for a chain that ends at no CA the client trusts: Go says "x509: certificate
// signed by unknown authority" for all of them.
const UNKNOWN_AUTHORITY = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
]);

const CHECK_SERVER =
  'Check the cluster\'s server address in the kubeconfig ("kubectl config view --minify").';
// In a pod the address is the kubernetes Service's, from the environment the kubelet sets.
const CHECK_SERVICE =
  'Check KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT, the address of the API server the pod was given.';

/**
 * Why a request to the API server got no answer, said as kubectl would: which failure (DNS, refused
 * connection, untrusted certificate, exec credential plugin, time limit) and what to do about it.
 */
export function describeTransportFailure(
  error: unknown,
  server: string,
  origin: KubeconfigOrigin = 'kubeconfig',
): TransportFailure {
  const inCluster = origin === 'in-cluster';
  const checkServer = inCluster ? CHECK_SERVICE : CHECK_SERVER;
  if (error instanceof ExecPluginFailure) return { message: error.message, hint: error.hint };
  if ((error as Error)?.name === 'TimeoutError') {
    return {
      message: 'the API server did not answer in time',
      hint: 'Check that the cluster is reachable (kubectl get ns), or allow more time with {{request-timeout}}.',
    };
  }
  const code = errorCode(error);
  const host = hostOf(server);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') {
    return {
      message: `no such host "${host}" (the DNS lookup for ${server} failed)`,
      hint: `${checkServer} A private cluster's name may resolve only on its network or VPN.`,
    };
  }
  if (code === 'ECONNREFUSED') {
    return {
      message: `the connection to ${server} was refused`,
      hint: `Did you specify the right host or port? ${checkServer} For kubectl proxy, check that it is running.`,
    };
  }
  if (code && UNKNOWN_AUTHORITY.has(code)) {
    return {
      message: `the certificate of ${server} is signed by an unknown authority (${code})`,
      hint: inCluster
        ? `The in-cluster CA (${IN_CLUSTER_CA}) did not sign it: check that KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT point at the cluster's API server, not at a proxy with a certificate of its own.`
        : "Give the cluster's CA in the kubeconfig: certificate-authority (a file) or certificate-authority-data, as the cluster's provider writes it (aws eks update-kubeconfig, gcloud container clusters get-credentials, az aks get-credentials).",
    };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      message: `the certificate of ${server} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not valid yet'}`,
      hint: "Check the machine's clock, and renew the API server's certificate if it has expired.",
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return {
      message: `the certificate of ${server} is not valid for "${host}"`,
      hint: "Use the name the certificate is for in the cluster's server address, or set tls-server-name in the kubeconfig.",
    };
  }
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'EPROTO') {
    return {
      message: `${server} did not answer with TLS`,
      hint: 'If it is a plain HTTP server (kubectl proxy), write its address with http:// in the kubeconfig.',
    };
  }
  if (!code && isProgrammingError(error)) {
    // Nothing reached the network: calling this "no answer" would send the user to check the cluster.
    return {
      message: `pull-secret failed before the request was sent (${(error as Error).name})`,
      hint: 'This is a bug in pull-secret: run again with --debug and report the trace it prints.',
    };
  }
  return {
    message: `no answer from ${server}${code && !/^UND_ERR/.test(code) ? ` (${code})` : ''}`,
    hint: 'Check that the cluster is reachable (kubectl get ns) and the kubeconfig points at it.',
  };
}

/** The first `code` along the error and its causes: undici throws the socket's error, fetch wraps it. */
function errorCode(error: unknown): string | undefined {
  for (let at = error, depth = 0; at && depth < 5; at = (at as { cause?: unknown }).cause, depth++) {
    const code = (at as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

/**
 * A TypeError, RangeError or ReferenceError of our own code. fetch reports a network failure as a
 * TypeError too ("fetch failed", "terminated"), but always with the socket's error and its code as cause.
 */
function isProgrammingError(error: unknown): boolean {
  if (!(error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError))
    return false;
  return error.cause === undefined && !/^(fetch failed|terminated)$/.test(error.message);
}

function hostOf(server: string): string {
  try {
    return new URL(server).hostname;
  } catch {
    return server;
  }
}
