import { describe, expect, it } from 'vitest';
import { registryKind, registryKindOfProvider } from './registry-kinds.js';

describe('registryKind', () => {
  it.each([
    ['gcr.io', 'gcr'],
    ['eu.gcr.io', 'gcr'],
    ['europe-west1-docker.pkg.dev', 'artifact-registry'],
    ['docker.io', 'dockerhub'],
    ['myreg.azurecr.io', 'acr'],
    ['abcde.gra7.container-registry.ovh.net', 'ovh'],
    ['quay.io', 'quay'],
    ['registry.gitlab.com', 'gitlab'],
    ['ghcr.io', 'ghcr'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'ecr'],
    // Harbor has no host of its own: only the caller can say a host is one.
    ['harbor.example.com', 'registry'],
    ['registry.example.com:5000', 'registry'],
  ])('%s is %s', (host, kind) => {
    expect(registryKind(host)).toBe(kind);
  });
});

describe('registryKindOfProvider', () => {
  it('names Harbor only for the harbor provider', () => {
    expect(registryKindOfProvider('harbor')).toBe('harbor');
    expect(registryKindOfProvider('ecr')).toBeUndefined();
    expect(registryKindOfProvider(undefined)).toBeUndefined();
  });
});
