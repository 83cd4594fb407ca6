// The few ASN.1 DER encoders an X.509 certificate needs. node:crypto signs and exports keys but cannot
// build a certificate, and this is smaller than a dependency or a child process per server.

/** One DER element: tag, definite length, contents. */
export function derElement(tag: number, contents: Uint8Array): Buffer {
  const length = contents.length;
  let header: number[];
  if (length < 0x80) {
    header = [tag, length];
  } else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
    header = [tag, 0x80 | bytes.length, ...bytes];
  }
  return Buffer.concat([Buffer.from(header), contents]);
}

export const derSequence = (...items: Uint8Array[]): Buffer => derElement(0x30, Buffer.concat(items));
export const derSet = (...items: Uint8Array[]): Buffer => derElement(0x31, Buffer.concat(items));
export const derOctetString = (bytes: Uint8Array): Buffer => derElement(0x04, bytes);
export const derUtf8String = (text: string): Buffer => derElement(0x0c, Buffer.from(text, 'utf8'));
export const derBoolean = (value: boolean): Buffer => derElement(0x01, Buffer.from([value ? 0xff : 0]));

/** A context-specific constructed wrapper, as in `[3] EXPLICIT`. */
export const derExplicit = (tagNumber: number, inner: Uint8Array): Buffer =>
  derElement(0xa0 | tagNumber, inner);

/** An unsigned big-endian integer, with the 0x00 a set high bit needs to stay positive. */
export function derUnsignedInteger(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return derElement(0x02, (trimmed[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

export const derSmallInteger = (value: number): Buffer => derUnsignedInteger(Buffer.from([value]));

/** BIT STRING whose content is whole bytes (keys, signatures). */
export const derBitString = (bytes: Uint8Array): Buffer =>
  derElement(0x03, Buffer.concat([Buffer.from([0]), bytes]));

/** BIT STRING of named bits (bit 0 is the most significant), DER-minimal: no trailing zero bits. */
export function derNamedBits(bits: number[]): Buffer {
  const highest = Math.max(...bits);
  const bytes = Buffer.alloc(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3] = (bytes[bit >> 3] ?? 0) | (0x80 >> (bit & 7));
  const unused = 7 - (highest & 7);
  return derElement(0x03, Buffer.concat([Buffer.from([unused]), bytes]));
}

export function derOid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [first = 0, second = 0, ...rest] = parts;
  const bytes: number[] = [first * 40 + second];
  for (const part of rest) {
    const groups: number[] = [];
    for (let value = part; ; value = Math.floor(value / 128)) {
      groups.unshift(value % 128);
      if (value < 128) break;
    }
    bytes.push(...groups.map((group, index) => (index < groups.length - 1 ? group | 0x80 : group)));
  }
  return derElement(0x06, Buffer.from(bytes));
}

/** UTCTime for years before 2050, GeneralizedTime after, as RFC 5280 requires. */
export function derTime(date: Date): Buffer {
  const iso = date
    .toISOString()
    .replace(/[-:T]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const year = date.getUTCFullYear();
  return year < 2050 ? derElement(0x17, Buffer.from(iso.slice(2))) : derElement(0x18, Buffer.from(iso));
}
