import { describe, expect, it } from 'vitest';
import { parseSigV4Authorization, verifySigV4 } from './sigv4.js';

// AWS's SigV4 test suite, case get-vanilla: its published request, key and signature.
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const VANILLA = {
  method: 'GET',
  url: '/',
  headers: { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' },
  body: Buffer.alloc(0),
};
const AUTHORIZATION =
  'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31';

describe('verifySigV4', () => {
  it('accepts the get-vanilla signature of the AWS test suite', () => {
    const claim = parseSigV4Authorization(AUTHORIZATION)!;
    expect(claim).toMatchObject({ accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', service: 'service' });
    expect(verifySigV4(VANILLA, claim, SECRET)).toBe(true);
  });

  it('rejects another secret, another header value, another body or another date', () => {
    const claim = parseSigV4Authorization(AUTHORIZATION)!;
    expect(verifySigV4(VANILLA, claim, `${SECRET}x`)).toBe(false);
    expect(
      verifySigV4({ ...VANILLA, headers: { ...VANILLA.headers, host: 'evil.example' } }, claim, SECRET),
    ).toBe(false);
    expect(verifySigV4({ ...VANILLA, body: Buffer.from('{}') }, claim, SECRET)).toBe(false);
    expect(
      verifySigV4(
        { ...VANILLA, headers: { ...VANILLA.headers, 'x-amz-date': '20150831T123600Z' } },
        claim,
        SECRET,
      ),
    ).toBe(false);
  });

  it('does not parse other schemes', () => {
    expect(parseSigV4Authorization('Bearer abc')).toBeUndefined();
    expect(parseSigV4Authorization(undefined)).toBeUndefined();
  });
});
