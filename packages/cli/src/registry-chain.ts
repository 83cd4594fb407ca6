import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { caCertificates } from '@pull-secret/http';

/**
 * The TLS chain `target` (`host[:port]`) presents, as PEM, read without verifying it; and for each
 * certificate its subject, issuer and SHA-256 fingerprint, to compare out of band before trusting it.
 * Shared by `certificates` and `kubevirt inject --fetch-ca`.
 */
export async function fetchRegistryChain(
  target: string,
  timeoutMs: number,
): Promise<{ pem: string; descriptions: string[] }> {
  // The registry client and node:crypto are loaded here only, never at start-up.
  const { fetchRegistryCertificates } = await import('@pull-secret/registry');
  const { X509Certificate } = await import('node:crypto');
  let pem: string;
  try {
    pem = await fetchRegistryCertificates(target, { timeoutMs });
  } catch (error) {
    if (error instanceof PullSecretError) throw error;
    const reason = (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.name ?? 'error';
    throw new PullSecretError(
      'REGISTRY_UNREACHABLE',
      `Could not read a TLS certificate from ${target} (${reason}).`,
      {
        hint: 'Check the host and port, and that the registry serves HTTPS there (a plain-HTTP registry has no certificate).',
      },
    );
  }
  // Read back as a CA file will be read, by the same rule.
  const certificates = caCertificates(pem, 'ca-file');
  const descriptions = certificates.map((block, index) => {
    const certificate = new X509Certificate(block);
    return `${index}: ${certificate.subject.replace(/\n/g, ', ')}\n   issuer ${certificate.issuer.replace(/\n/g, ', ')}\n   sha256 ${certificate.fingerprint256}\n`;
  });
  return { pem, descriptions };
}

/** The closing line under the descriptions: read unverified, so compare before trusting. */
export function unverifiedChainNote(count: number): string {
  return `${count} certificate${count === 1 ? '' : 's'} read without verification: compare the fingerprints with the registry's owner before trusting them.\n`;
}
