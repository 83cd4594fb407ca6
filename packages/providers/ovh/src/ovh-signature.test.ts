import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ovhSignature } from './ovh-signature.js';

describe('ovhSignature', () => {
  it('is $1$ and sha1hex of AS+CK+METHOD+URL+BODY+TIMESTAMP (fixed inputs)', () => {
    const signature = ovhSignature({
      applicationSecret: 'EXAMPLEsecret',
      consumerKey: 'EXAMPLEconsumer',
      method: 'post',
      url: 'https://eu.api.ovh.com/1.0/cloud/project/p1/containerRegistry/r1/users',
      body: '{"email":"ci@example.com","login":"ci"}',
      timestamp: 1_700_000_000,
    });
    // Computed independently with: printf %s 'EXAMPLEsecret+EXAMPLEconsumer+POST+https://eu.api.ovh.com/1.0/cloud/project/p1/containerRegistry/r1/users+{"email":"ci@example.com","login":"ci"}+1700000000' | sha1sum
    expect(signature).toBe('$1$3f9c1c73c74cd8286f3b8c39c50846f9c96136e1');
  });

  it('signs an empty body as nothing between the pluses', () => {
    const expected = `$1$${createHash('sha1').update('AS+CK+GET+https://h/1.0/me++42').digest('hex')}`;
    expect(
      ovhSignature({
        applicationSecret: 'AS',
        consumerKey: 'CK',
        method: 'GET',
        url: 'https://h/1.0/me',
        body: '',
        timestamp: 42,
      }),
    ).toBe(expected);
  });
});
