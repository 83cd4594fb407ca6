import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** What an `Authorization: AWS4-HMAC-SHA256 …` header claims. */
export interface SigV4Claim {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

export interface SignedRequest {
  method: string;
  /** Path and query string, as received. */
  url: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;

/** The parts of a SigV4 `Authorization` header, or undefined when it is not one. */
export function parseSigV4Authorization(header: string | undefined): SigV4Claim | undefined {
  const match = header === undefined ? null : AUTHORIZATION.exec(header.trim());
  if (!match) return undefined;
  return {
    accessKeyId: match[1]!,
    date: match[2]!,
    region: match[3]!,
    service: match[4]!,
    signedHeaders: match[5]!.split(';'),
    signature: match[6]!,
  };
}

/**
 * Whether `claim.signature` is the SigV4 signature of `request` under `secretAccessKey`: the canonical
 * request, string to sign and signing key are rebuilt from scratch as AWS documents them.
 */
export function verifySigV4(request: SignedRequest, claim: SigV4Claim, secretAccessKey: string): boolean {
  const amzDate = header(request.headers, 'x-amz-date');
  if (!amzDate?.startsWith(claim.date)) return false;
  if (!claim.signedHeaders.includes('host')) return false;
  const [path, query = ''] = request.url.split('?', 2) as [string, string?];
  const canonicalHeaders = claim.signedHeaders
    .map((name) => `${name}:${(header(request.headers, name) ?? '').trim().replace(/\s+/g, ' ')}\n`)
    .join('');
  const payloadHash = header(request.headers, 'x-amz-content-sha256') ?? sha256(request.body);
  const canonicalRequest = [
    request.method,
    canonicalPath(path),
    canonicalQuery(query),
    canonicalHeaders,
    claim.signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
  const scope = `${claim.date}/${claim.region}/${claim.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(Buffer.from(canonicalRequest))].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, claim.date);
  for (const part of [claim.region, claim.service, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(claim.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

// Every segment re-encoded the RFC 3986 way; for services other than S3 that means double encoding.
function canonicalPath(path: string): string {
  return path
    .split('/')
    .map((segment) => awsEncode(segment))
    .join('/');
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  return query
    .split('&')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2) as [string?, string?];
      return [awsEncode(decodeURIComponent(name)), awsEncode(decodeURIComponent(value))] as const;
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
