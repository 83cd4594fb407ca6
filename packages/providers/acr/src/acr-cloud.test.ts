import { describe, expect, it } from 'vitest';
import { acrCloudOf, isAcrHost, loginServerOf } from './acr-cloud.js';

describe('isAcrHost', () => {
  it.each([
    ['myreg.azurecr.io', true],
    ['MyReg.AzureCR.io', true],
    ['myreg.azurecr.io:443', true],
    ['myreg.westeurope.geo.azurecr.io', true],
    ['myreg-abc123hash.azurecr.io', true],
    ['myreg.azurecr.cn', true],
    ['myreg.azurecr.us', true],
    ['myreg.azurecr.de', false],
    ['azurecr.io', false],
    ['.azurecr.io', false],
    ['evilazurecr.io', false],
    ['myreg.azurecr.io.example.com', false],
    ['ghcr.io', false],
  ])('%s: %s', (host, expected) => {
    expect(isAcrHost(host)).toBe(expected);
  });
});

describe('acrCloudOf', () => {
  it('picks the sign-in host, ARM endpoint and ACR audience from the host suffix', () => {
    expect(acrCloudOf('https://r.azurecr.cn/team/app')).toMatchObject({
      authorityHost: 'https://login.chinacloudapi.cn',
      armEndpoint: 'https://management.chinacloudapi.cn',
      acrScope: 'https://containerregistry.azure.cn/.default',
    });
    expect(acrCloudOf('r.azurecr.us')?.authorityHost).toBe('https://login.microsoftonline.us');
    expect(acrCloudOf('r.azurecr.io')?.acrScope).toBe('https://containerregistry.azure.net/.default');
    expect(acrCloudOf('registry.example.com')).toBeUndefined();
  });
});

describe('loginServerOf', () => {
  it('drops scheme, path and the default port, and lower-cases', () => {
    expect(loginServerOf('https://MyReg.azurecr.io:443/team/app')).toBe('myreg.azurecr.io');
    expect(loginServerOf('127.0.0.1:8443')).toBe('127.0.0.1:8443');
  });
});
