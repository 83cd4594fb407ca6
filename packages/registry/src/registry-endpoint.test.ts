import { describe, expect, it } from 'vitest';
import { expectInvalidInput } from '../test/expect-invalid-input.js';
import { registryEndpoint, repositoryReference } from './registry-endpoint.js';

describe('registryEndpoint', () => {
  it.each([
    ['ghcr.io', 'https://ghcr.io', 'ghcr.io'],
    ['https://ghcr.io/', 'https://ghcr.io', 'ghcr.io'],
    ['registry.example.com:5000/team', 'https://registry.example.com:5000', 'registry.example.com:5000'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000', '127.0.0.1:5000'],
    ['https://index.docker.io/v1/', 'https://registry-1.docker.io', 'registry-1.docker.io'],
    ['docker.io', 'https://registry-1.docker.io', 'registry-1.docker.io'],
    ['index.docker.io', 'https://registry-1.docker.io', 'registry-1.docker.io'],
  ])('%s → %s', (registry, origin, host) => {
    expect(registryEndpoint(registry)).toMatchObject({ origin, host });
  });

  it('refuses other schemes and user info', () => {
    expectInvalidInput(() => registryEndpoint('ftp://r.example'), 'REGISTRY_SCHEME');
    expectInvalidInput(() => registryEndpoint('https://me:CANARY-userinfo@r.example'), 'REGISTRY_INVALID', [
      'CANARY-userinfo',
    ]);
  });
});

describe('repositoryReference', () => {
  const ghcr = registryEndpoint('ghcr.io');
  const hub = registryEndpoint('https://index.docker.io/v1/');
  it.each([
    [ghcr, 'ghcr.io', 'acme/api', 'acme/api', 'latest'],
    [ghcr, 'ghcr.io', 'acme/api:1.4', 'acme/api', '1.4'],
    [ghcr, 'ghcr.io', 'ghcr.io/acme/api:1.4', 'acme/api', '1.4'],
    [ghcr, 'ghcr.io', `acme/api@sha256:${'a'.repeat(64)}`, 'acme/api', `sha256:${'a'.repeat(64)}`],
    [ghcr, 'ghcr.io', `acme/api:1.4@sha256:${'b'.repeat(64)}`, 'acme/api', `sha256:${'b'.repeat(64)}`],
    [hub, 'https://index.docker.io/v1/', 'nginx', 'library/nginx', 'latest'],
    [hub, 'https://index.docker.io/v1/', 'docker.io/nginx:1.27', 'library/nginx', '1.27'],
    [hub, 'https://index.docker.io/v1/', 'bitnami/redis', 'bitnami/redis', 'latest'],
    [registryEndpoint('myregistry'), 'myregistry', 'team/app:2', 'team/app', '2'],
    [registryEndpoint('localhost:5000'), 'localhost:5000', 'app', 'app', 'latest'],
  ])('%#: %s %s', (endpoint, registry, image, repository, reference) => {
    expect(repositoryReference(image, endpoint, registry)).toEqual({ repository, reference });
  });

  it.each(['Acme/API', 'acme/api:', 'acme/api@sha256:short', '', 'acme//api'])('refuses %j', (image) => {
    expectInvalidInput(() => repositoryReference(image, ghcr, 'ghcr.io'), 'IMAGE_INVALID');
  });
});
