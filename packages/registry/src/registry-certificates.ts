import { connect, type DetailedPeerCertificate } from 'node:tls';
import { displayRegistryKey, InvalidInputError } from '@pull-secret/dockerconfigjson';

export interface FetchRegistryCertificatesInit {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The certificate chain a registry presents, leaf first, as PEM (what `openssl s_client -showcerts`
 * prints), for `--ca-file` or a KubeVirt CDI `certConfigMap`. The chain is read without trusting it:
 * check the fingerprint out of band before you trust what this returns.
 */
export async function fetchRegistryCertificates(
  hostPort: string,
  init: FetchRegistryCertificatesInit = {},
): Promise<string> {
  const match = /^(?:https:\/\/)?(\[[0-9a-fA-F:.]+\]|[^:/[\]]+)(?::(\d{1,5}))?\/?$/.exec(hostPort.trim());
  const port = match?.[2] === undefined ? 443 : Number(match[2]);
  if (!match || port < 1 || port > 65535) {
    throw new InvalidInputError(
      'REGISTRY_HOST_INVALID',
      `"${displayRegistryKey(hostPort)}" is not host[:port].`,
      {
        hint: 'For example registry.example.com:5000.',
      },
    );
  }
  const host = match[1]!.replace(/^\[|\]$/g, '');
  const timeoutMs = init.timeoutMs ?? 10_000;
  // 0 means no limit, as for every network call.
  const signal = AbortSignal.any([
    ...(timeoutMs > 0 ? [AbortSignal.timeout(timeoutMs)] : []),
    ...(init.signal ? [init.signal] : []),
  ]);
  const chain = await new Promise<DetailedPeerCertificate>((resolve, reject) => {
    const socket = connect({
      host,
      port,
      // SNI needs a name, not an address.
      ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
    });
    const fail = (error: unknown) => {
      socket.destroy();
      reject(error);
    };
    signal.addEventListener('abort', () => fail(signal.reason), { once: true });
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate(true);
      socket.end();
      resolve(peer);
    });
  });
  const pems: string[] = [];
  const seen = new Set<string>();
  for (let cert: DetailedPeerCertificate | undefined = chain; cert?.raw; cert = cert.issuerCertificate) {
    if (seen.has(cert.fingerprint256)) break; // a self-signed root is its own issuer
    seen.add(cert.fingerprint256);
    const lines = cert.raw.toString('base64').match(/.{1,64}/g) ?? [];
    pems.push(`-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`);
  }
  return pems.join('');
}
