import { describe, expect, it } from 'vitest';
import {
  DOCKER_HUB_KEY,
  displayRegistryKey,
  isDockerHubKey,
  normalizeRegistryKey,
  parseRegistryKey,
  registryHost,
} from './registry-key.js';

describe('DOCKER_HUB_KEY', () => {
  it('is the key kubectl and docker login write for Docker Hub', () => {
    expect(DOCKER_HUB_KEY).toBe('https://index.docker.io/v1/');
  });
});

describe('normalizeRegistryKey', () => {
  it.each([
    ['https://index.docker.io/v1/', 'docker.io'],
    ['https://index.docker.io/v1', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['docker.io', 'docker.io'],
    ['docker.io/library', 'docker.io/library'],
    ['registry-1.docker.io', 'registry-1.docker.io'],
    ['DOCKER.IO', 'DOCKER.IO'],
  ])("Docker Hub's aliases: %j → %j", (key, expected) => {
    expect(normalizeRegistryKey(key)).toBe(expected);
  });

  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['https://ghcr.io', 'ghcr.io'],
    ['http://ghcr.io', 'ghcr.io'],
    ['HTTPS://ghcr.io/', 'ghcr.io'],
    ['oci://ghcr.io', 'ghcr.io'],
    ['  ghcr.io  ', 'ghcr.io'],
    ['\tghcr.io\n', 'ghcr.io'],
  ])('drops scheme, trailing slash and whitespace: %j → %j', (key, expected) => {
    expect(normalizeRegistryKey(key)).toBe(expected);
  });

  it.each([
    ['ghcr.io/Org/Repo', 'ghcr.io/Org/Repo'],
    ['GHCR.io/Org', 'GHCR.io/Org'],
    ['ghcr.io/org//', 'ghcr.io/org'],
    ['https://ghcr.io/v2/org/app', 'ghcr.io/org/app'],
    ['ghcr.io/v1/', 'ghcr.io'],
    ['ghcr.io/v2', 'ghcr.io'],
    ['ghcr.io/v10/x', 'ghcr.io/v10/x'],
    ['ghcr.io/v2x', 'ghcr.io/v2x'],
    ['ghcr.io/org/v2/', 'ghcr.io/org/v2'],
  ])('keeps the path (case and all) but drops a leading /v1/ or /v2/: %j → %j', (key, expected) => {
    expect(normalizeRegistryKey(key)).toBe(expected);
  });

  it.each([
    ['localhost:5000', 'localhost:5000'],
    ['Reg.Example:5000/Team', 'Reg.Example:5000/Team'],
    ['ghcr.io:443', 'ghcr.io:443'],
    ['https://ghcr.io:443/', 'ghcr.io:443'],
    ['https://ghcr.io:4430', 'ghcr.io:4430'],
  ])('keeps host case and ports, which kubelet compares as written: %j → %j', (key, expected) => {
    expect(normalizeRegistryKey(key)).toBe(expected);
  });

  it('makes every spelling of a registry equal, and different registries different', () => {
    const same = [
      ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'docker.io/'],
      ['ghcr.io', 'https://ghcr.io/', 'http://ghcr.io', 'https://ghcr.io/v2/'],
    ];
    for (const group of same) {
      expect(new Set(group.map(normalizeRegistryKey)).size).toBe(1);
    }
    const different = [
      'ghcr.io',
      'GHCR.IO',
      'ghcr.io:443',
      'ghcr.io/org',
      'ghcr.io:5000',
      'quay.io',
      'docker.io',
      'mydocker.io',
    ];
    expect(new Set(different.map(normalizeRegistryKey)).size).toBe(different.length);
  });

  it('is idempotent', () => {
    for (const key of ['https://index.docker.io/v1/', 'HTTPS://GHCR.IO:443/v2/Org/', 'localhost:5000/x//']) {
      const once = normalizeRegistryKey(key);
      expect(normalizeRegistryKey(once)).toBe(once);
    }
  });
});

describe('isDockerHubKey', () => {
  it.each([
    'https://index.docker.io/v1/',
    'index.docker.io',
    'docker.io',
    'docker.io/library/nginx',
    'HTTPS://index.docker.io/v1/',
  ])('%j is Docker Hub', (key) => {
    expect(isDockerHubKey(key)).toBe(true);
  });

  it.each([
    'ghcr.io',
    'mydocker.io',
    'docker.io.evil.example',
    'evil.example/docker.io',
    'docker.io:5000',
    'hub.docker.com',
    'registry-1.docker.io',
    '',
  ])('%j is not Docker Hub', (key) => {
    expect(isDockerHubKey(key)).toBe(false);
  });
});

describe('parseRegistryKey', () => {
  it.each([
    ['ghcr.io', undefined, 'ghcr.io', ''],
    ['  GHCR.io:443/team/  ', undefined, 'GHCR.io:443', '/team/'],
    ['HTTPS://index.docker.io/v1/', 'https', 'index.docker.io', '/v1/'],
    ['http://127.0.0.1:5000', 'http', '127.0.0.1:5000', ''],
    ['https://me:t0ken@r.example/x', 'https', 'me:t0ken@r.example', '/x'],
    ['[::1]:5000/a', undefined, '[::1]:5000', '/a'],
    ['', undefined, '', ''],
  ])('%j → scheme %j, host %j, path %j', (key, scheme, host, path) => {
    expect(parseRegistryKey(key)).toEqual({ scheme, host, path });
  });

  it('gives the lower-case host the providers match on', () => {
    expect(registryHost('https://123456789012.DKR.ecr.eu-west-1.amazonaws.com/v2/')).toBe(
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    );
  });
});

describe('displayRegistryKey', () => {
  it.each([
    ['https://me:t0ken@ghcr.io', 'https://***@ghcr.io'],
    ['me:t0k/en+==@ghcr.io/team', '***@ghcr.io/team'],
    ['https://me:a/b/c@r.example:5000/x', 'https://***@r.example:5000/x'],
    ['ghcr.io/team', 'ghcr.io/team'],
    ['https://index.docker.io/v1/', 'https://index.docker.io/v1/'],
    ['ghcr.io/x\u001b[2J\n::warning::y', 'ghcr.io/x\\u001b[2J\\n::warning::y'],
    ['https://me:a\nb@ghcr.io/\u202ex', 'https://***@ghcr.io/\\u202ex'],
  ])('%j is shown as %j', (key, shown) => {
    expect(displayRegistryKey(key)).toBe(shown);
  });
});
