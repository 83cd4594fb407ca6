import { createHash } from 'node:crypto';

export interface OvhSignedRequest {
  applicationSecret: string;
  consumerKey: string;
  /** `GET`, `POST`… */
  method: string;
  /** The whole URL, query included, exactly as sent. */
  url: string;
  /** The body exactly as sent; empty for none. */
  body: string;
  /** Seconds since the epoch, as OVH's clock has it (see `/auth/time`). */
  timestamp: number;
}

/**
 * OVH's request signature (`X-Ovh-Signature`): `$1$` and the SHA-1, in hex, of the application secret,
 * consumer key, method, full URL, body and timestamp joined with `+`.
 */
export function ovhSignature(request: OvhSignedRequest): string {
  const text = [
    request.applicationSecret,
    request.consumerKey,
    request.method.toUpperCase(),
    request.url,
    request.body,
    String(request.timestamp),
  ].join('+');
  return `$1$${createHash('sha1').update(text, 'utf8').digest('hex')}`;
}
