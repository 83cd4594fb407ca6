import { describe, expect, it } from 'vitest';
import { ovhEndpoint } from './ovh-endpoint.js';

describe('ovhEndpoint', () => {
  it('knows the three regions and their OAuth2 token URLs', () => {
    expect(ovhEndpoint('ovh-eu')).toEqual({
      api: 'https://eu.api.ovh.com/1.0',
      tokenUrl: 'https://www.ovh.com/auth/oauth2/token',
    });
    expect(ovhEndpoint('ovh-ca').api).toBe('https://ca.api.ovh.com/1.0');
    expect(ovhEndpoint('ovh-us').api).toBe('https://api.us.ovhcloud.com/1.0');
  });

  it('takes an https URL, trailing slash dropped', () => {
    expect(ovhEndpoint('https://127.0.0.1:8443/1.0/')).toEqual({
      api: 'https://127.0.0.1:8443/1.0',
      tokenUrl: 'https://127.0.0.1:8443/auth/oauth2/token',
    });
  });

  it.each([
    ['ovh-euu', 'Did you mean ovh-eu?'],
    ['OVH-CA', 'Did you mean ovh-ca?'],
    ['http://eu.api.ovh.com/1.0', 'Use ovh-eu, ovh-ca or ovh-us (the region of your OVHcloud account).'],
    ['kimsufi-eu', 'Use ovh-eu, ovh-ca or ovh-us (the region of your OVHcloud account).'],
  ])('refuses %j with a hint', (value, hint) => {
    expect(() => ovhEndpoint(value)).toThrow(expect.objectContaining({ code: 'OVH_ENDPOINT_INVALID', hint }));
  });
});
