import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import {
  derBitString,
  derBoolean,
  derElement,
  derExplicit,
  derNamedBits,
  derOctetString,
  derOid,
  derSequence,
  derSet,
  derSmallInteger,
  derTime,
  derUnsignedInteger,
  derUtf8String,
} from './der.js';

export interface TlsMaterial {
  /** The CA certificate clients trust (kubeconfig certificate-authority-data). */
  caPem: string;
  /** The server certificate, issued by the CA, for 127.0.0.1, ::1, localhost and any `dnsNames` asked for. */
  certPem: string;
  keyPem: string;
}

const ECDSA_WITH_SHA256 = derSequence(derOid('1.2.840.10045.4.3.2'));
const HOUR_MS = 3_600_000;

/**
 * A fresh CA and a server certificate it signed, both ECDSA P-256, made with node:crypto alone: P-256
 * keys take well under a millisecond, so every server gets its own CA and no test trusts another's.
 * Two certificates rather than one self-signed: Go's TLS (kubectl) and OpenSSL (Node) then verify a
 * chain the way they do against a real cluster. `dnsNames` lets a test server stand in for a public
 * host (cloud-test-servers answers for *.googleapis.com behind a proxy).
 */
export function generateTlsMaterial(now = new Date(), dnsNames: readonly string[] = []): TlsMaterial {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = distinguishedName('kube-test-server CA');
  const caKeyId = keyIdentifier(ca.publicKey);
  // An hour back, so a client whose clock lags a little still accepts it.
  const notBefore = new Date(now.getTime() - HOUR_MS);

  const caCert = certificate({
    issuer: caName,
    subject: caName,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter: new Date(now.getTime() + 24 * 365 * HOUR_MS),
    extensions: [
      extension('2.5.29.19', true, derSequence(derBoolean(true))), // basicConstraints: CA
      extension('2.5.29.15', true, derNamedBits([0, 5, 6])), // keyUsage: digitalSignature, keyCertSign, cRLSign
      extension('2.5.29.14', false, derOctetString(caKeyId)), // subjectKeyIdentifier
    ],
  });

  const serverCert = certificate({
    issuer: caName,
    subject: distinguishedName('kube-apiserver'),
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter: new Date(now.getTime() + 24 * 365 * HOUR_MS),
    extensions: [
      extension('2.5.29.19', true, derSequence()), // basicConstraints: not a CA
      extension('2.5.29.15', true, derNamedBits([0])), // keyUsage: digitalSignature
      extension('2.5.29.37', false, derSequence(derOid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
      // subjectAltName: Go ignores the common name, so the names clients dial must be here.
      extension(
        '2.5.29.17',
        false,
        derSequence(
          derElement(0x82, Buffer.from('localhost')),
          ...dnsNames.map((name) => derElement(0x82, Buffer.from(name))),
          derElement(0x87, Buffer.from([127, 0, 0, 1])),
          derElement(0x87, Buffer.from([...new Array(15).fill(0), 1])),
        ),
      ),
      extension('2.5.29.14', false, derOctetString(keyIdentifier(server.publicKey))),
      extension('2.5.29.35', false, derSequence(derElement(0x80, caKeyId))), // authorityKeyIdentifier
    ],
  });

  return {
    caPem: pem('CERTIFICATE', caCert),
    certPem: pem('CERTIFICATE', serverCert),
    keyPem: server.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

interface CertificateFields {
  issuer: Buffer;
  subject: Buffer;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

function certificate(fields: CertificateFields): Buffer {
  // A positive 127-bit serial: random as RFC 5280 recommends, never zero, never padded.
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  const tbs = derSequence(
    derExplicit(0, derSmallInteger(2)), // version 3
    derUnsignedInteger(serial),
    ECDSA_WITH_SHA256,
    fields.issuer,
    derSequence(derTime(fields.notBefore), derTime(fields.notAfter)),
    fields.subject,
    fields.publicKey.export({ type: 'spki', format: 'der' }),
    derExplicit(3, derSequence(...fields.extensions)),
  );
  const signature = sign('sha256', tbs, { key: fields.signingKey, dsaEncoding: 'der' });
  return derSequence(tbs, ECDSA_WITH_SHA256, derBitString(signature));
}

function distinguishedName(commonName: string): Buffer {
  return derSequence(derSet(derSequence(derOid('2.5.4.3'), derUtf8String(commonName))));
}

function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical
    ? derSequence(derOid(oid), derBoolean(true), derOctetString(value))
    : derSequence(derOid(oid), derOctetString(value));
}

/** RFC 5280's method 1: SHA-1 of the subjectPublicKey bits (the last 65 bytes of a P-256 SPKI). */
function keyIdentifier(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

function pem(label: string, der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
