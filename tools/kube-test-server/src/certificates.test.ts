import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateTlsMaterial } from './certificates.js';

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;

describe('generateTlsMaterial', () => {
  const { caPem, certPem } = generateTlsMaterial();
  const ca = new X509Certificate(caPem);
  const cert = new X509Certificate(certPem);

  it('makes a CA and a server certificate it signed, for 127.0.0.1, ::1 and localhost', () => {
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(cert.checkIP('::1')).toBe('::1');
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.now());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
  });

  it('makes a new CA every time', () => {
    expect(generateTlsMaterial().caPem).not.toBe(caPem);
  });

  it.skipIf(!hasOpenssl)('passes openssl verify -x509_strict', { tags: ['needs-openssl'] }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-test-certs-'));
    writeFileSync(join(dir, 'ca.pem'), caPem);
    writeFileSync(join(dir, 'cert.pem'), certPem);
    const result = spawnSync(
      'openssl',
      [
        'verify',
        '-x509_strict',
        '-purpose',
        'sslserver',
        '-CAfile',
        join(dir, 'ca.pem'),
        join(dir, 'cert.pem'),
      ],
      {
        encoding: 'utf8',
      },
    );
    expect(result.stdout + result.stderr).toContain(': OK');
  });
});
