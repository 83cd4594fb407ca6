import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { caCertificates } from './ca-certificates.js';

const BLOCK = '-----BEGIN CERTIFICATE-----\nMIIBazCCARGgAwIBAgIU\nQUJD\n-----END CERTIFICATE-----';

describe('caCertificates', () => {
  it('keeps each PEM certificate of a bundle, with CRLF line ends and text around them', () => {
    const text = `subject=CN = registry\r\n${BLOCK.replace(/\n/g, '\r\n')}\r\n# next\n${BLOCK}\n`;
    expect(caCertificates(text, 'ca-file')).toEqual([`${BLOCK}\n`, `${BLOCK}\n`]);
  });

  it('refuses text with no certificate in it: a file named, or an input', () => {
    expect(() => caCertificates(readFileSync('/etc/passwd', 'utf8'), 'ca-file', '/etc/passwd')).toThrow(
      expect.objectContaining({
        code: 'CA_NO_CERTIFICATE',
        template: expect.objectContaining({
          message: 'The file "/etc/passwd" given to {{ca-file}} holds no PEM certificate.',
        }),
      }),
    );
    expect(() => caCertificates('not a pem', 'verify-ca')).toThrow(
      expect.objectContaining({
        template: expect.objectContaining({ message: '{{verify-ca}} holds no PEM certificate.' }),
      }),
    );
    // A private key alone is no certificate either.
    expect(() =>
      caCertificates('-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n', 'ca-file'),
    ).toThrow(/holds no PEM certificate/);
  });
});
