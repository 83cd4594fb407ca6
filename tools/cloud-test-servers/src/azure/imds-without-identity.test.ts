import { describe, expect, it } from 'vitest';
import { startImdsWithoutIdentity } from './imds-without-identity.js';

describe('startImdsWithoutIdentity', () => {
  it('answers a token request as a VM with no managed identity does', async () => {
    const imds = await startImdsWithoutIdentity();
    try {
      const response = await fetch(
        `${imds.url}/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://management.azure.com`,
        { headers: { Metadata: 'true' } },
      );
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: 'Identity not found',
      });
      expect(imds.requests).toBe(1);
    } finally {
      await imds.close();
    }
  });
});
