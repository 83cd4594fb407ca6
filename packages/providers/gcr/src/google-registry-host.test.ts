import { describe, expect, it } from 'vitest';
import { isGoogleRegistry, parseGoogleRegistryHost } from './google-registry-host.js';

describe('parseGoogleRegistryHost', () => {
  it.each([
    ['gcr.io', { host: 'gcr.io', kind: 'gcr.io' }],
    ['us.gcr.io', { host: 'us.gcr.io', kind: 'gcr.io', location: 'us' }],
    ['eu.gcr.io', { host: 'eu.gcr.io', kind: 'gcr.io', location: 'eu' }],
    ['asia.gcr.io', { host: 'asia.gcr.io', kind: 'gcr.io', location: 'asia' }],
    ['marketplace.gcr.io', { host: 'marketplace.gcr.io', kind: 'gcr.io' }],
    ['us-docker.pkg.dev', { host: 'us-docker.pkg.dev', kind: 'artifact-registry', location: 'us' }],
    [
      'europe-west1-docker.pkg.dev',
      { host: 'europe-west1-docker.pkg.dev', kind: 'artifact-registry', location: 'europe-west1' },
    ],
    [
      'northamerica-northeast2-docker.pkg.dev',
      {
        host: 'northamerica-northeast2-docker.pkg.dev',
        kind: 'artifact-registry',
        location: 'northamerica-northeast2',
      },
    ],
    [
      'docker.us-central1.rep.pkg.dev',
      { host: 'docker.us-central1.rep.pkg.dev', kind: 'artifact-registry', location: 'us-central1' },
    ],
  ])('%s', (registry, expected) => {
    expect(parseGoogleRegistryHost(registry)).toEqual(expected);
  });

  it('takes registries as users write them: scheme, path, case, port 443, trailing dot', () => {
    expect(parseGoogleRegistryHost('https://US-Docker.pkg.dev/my-project/images')).toEqual({
      host: 'us-docker.pkg.dev',
      kind: 'artifact-registry',
      location: 'us',
    });
    expect(parseGoogleRegistryHost('gcr.io:443/my-project')?.host).toBe('gcr.io');
    expect(parseGoogleRegistryHost('eu.gcr.io./x')?.host).toBe('eu.gcr.io');
  });

  it.each([
    'docker.io',
    'ghcr.io',
    'gcr.io.evil.example',
    'evil.gcr.io',
    'xgcr.io',
    'us-docker.pkg.dev.example.com',
    'docker.pkg.dev',
    '-docker.pkg.dev',
    'us_central1-docker.pkg.dev',
    'us-docker-docker.pkg.dev.evil',
    'docker.rep.pkg.dev',
    'gcr.io:5000',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    '',
  ])('%s is not a Google registry', (registry) => {
    expect(parseGoogleRegistryHost(registry)).toBeUndefined();
    expect(isGoogleRegistry(registry)).toBe(false);
  });
});
