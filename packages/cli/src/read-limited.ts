import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** How much one input may hold; every input is also read as strict UTF-8. */
export interface ReadLimit {
  maxBytes: number;
}

/** Thrown when an input holds more than its limit; nothing past the limit was read. */
export class InputTooLargeError extends Error {
  readonly code = 'EFBIG';
  constructor(readonly maxBytes: number) {
    super(`input larger than ${maxBytes} bytes`);
  }
}

/** Thrown when an input is not valid UTF-8; decoding would have replaced bytes with U+FFFD. */
export class InputNotUtf8Error extends Error {
  readonly code = 'ENOTUTF8';
  constructor() {
    super('input is not valid UTF-8');
  }
}

const CHUNK = 64 * 1024;

/** Strict UTF-8: a password with a stray byte must not become a different password. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new InputNotUtf8Error();
  }
}

/**
 * Reads a descriptor to its end, refusing once it passes `maxBytes`: a regular file by its size before
 * reading anything, a pipe or terminal as soon as the limit is crossed.
 */
export function readDescriptorLimited(fd: number, limit: ReadLimit): string {
  const stats = fstatSync(fd);
  if (stats.isFile() && stats.size > limit.maxBytes) throw new InputTooLargeError(limit.maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (;;) {
    const read = readSync(fd, buffer, 0, CHUNK, null);
    if (read === 0) break;
    total += read;
    if (total > limit.maxBytes) throw new InputTooLargeError(limit.maxBytes);
    chunks.push(Buffer.from(buffer.subarray(0, read)));
  }
  return decodeUtf8(Buffer.concat(chunks, total));
}

export function readFileLimited(path: string, limit: ReadLimit): string {
  const fd = openSync(path, 'r');
  try {
    return readDescriptorLimited(fd, limit);
  } finally {
    closeSync(fd);
  }
}

/** The same limit over a stream, for a non-blocking standard input. */
export async function readStreamLimited(stream: AsyncIterable<unknown>, limit: ReadLimit): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    if (total > limit.maxBytes) throw new InputTooLargeError(limit.maxBytes);
    chunks.push(bytes);
  }
  return decodeUtf8(Buffer.concat(chunks, total));
}
