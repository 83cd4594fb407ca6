import { InvalidInputError, showUntrusted } from '@pull-secret/dockerconfigjson';

// A PEM certificate block: what OpenSSL, Go's crypto/x509 and Node's `ca` option read.
const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n\t ]+?-----END CERTIFICATE-----/g;

/**
 * The PEM certificates in a CA file's text (each block with a newline), refused when there is none:
 * TLS would otherwise ignore the file without a word and the user would hear "certificate not
 * trusted". `option` names the setting in the error (`{{option}}`), `file` the file when there is one.
 */
export function caCertificates(text: string, option: string, file?: string): string[] {
  const blocks = [...text.matchAll(CERTIFICATE_BLOCK)].map(([block]) => `${block.replace(/\r/g, '')}\n`);
  if (blocks.length === 0) {
    throw new InvalidInputError(
      'CA_NO_CERTIFICATE',
      file === undefined
        ? `{{${option}}} holds no PEM certificate.`
        : `The file "${printable(file)}" given to {{${option}}} holds no PEM certificate.`,
      {
        hint: 'Give PEM certificates (-----BEGIN CERTIFICATE-----), such as "pull-secret certificates HOST" prints.',
        fields: { option },
      },
    );
  }
  return blocks;
}

const printable = (text: string): string => showUntrusted(text);
