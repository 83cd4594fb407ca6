import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RegistryCredential } from './credential.js';
import { isDefaultRegistryMatch, kubeletIndexKey, lookup, lookupRepository, urlsMatch } from './lookup.js';

interface Entry {
  username: string;
  password: string;
  email?: string;
}
// kubelet's own test tables (pkg/credentialprovider/keyring_test.go), as data.
const kubelet = JSON.parse(
  readFileSync(new URL('./testdata/kubelet-keyring-cases.json', import.meta.url), 'utf8'),
) as {
  urlsMatch: { name: string; glob: string; target: string; match: boolean }[];
  isDefaultRegistryMatch: { image: string; expected: boolean }[];
  lookup: {
    name: string;
    configs: Record<string, Entry>[];
    image: string;
    expected: Entry[];
    found: boolean;
  }[];
};

const toSources = (configs: Record<string, Entry>[]) =>
  configs.map((config, i) => ({
    source: `config-${i}`,
    credentials: Object.entries(config).map(
      ([registry, entry]): RegistryCredential => ({ registry, ...entry }),
    ),
  }));

describe("kubelet's keyring tables", () => {
  it.each(kubelet.urlsMatch)('urlsMatch $name', ({ glob, target, match }) => {
    expect(urlsMatch(glob, target)).toBe(match);
  });

  it.each(kubelet.isDefaultRegistryMatch)('isDefaultRegistryMatch($image)', ({ image, expected }) => {
    expect(isDefaultRegistryMatch(image)).toBe(expected);
  });

  it.each(kubelet.lookup)('$name', ({ configs, image, expected, found }) => {
    const result = lookupRepository(toSources(configs), image);
    const got = result.matches.map(({ username, password, email }) => ({
      username,
      password,
      ...(email ? { email } : {}),
    }));
    expect(got).toEqual(expected);
    expect(result.matches.length > 0).toBe(found);
  });

  it('covers every table', () => {
    expect(kubelet.urlsMatch.length).toBeGreaterThanOrEqual(18);
    expect(kubelet.lookup.length).toBeGreaterThanOrEqual(36);
  });
});

describe('kubeletIndexKey', () => {
  it.each([
    ['https://index.docker.io/v1/', 'index.docker.io'],
    ['index.docker.io', 'index.docker.io'],
    ['http://registry.local:5000', 'registry.local:5000'],
    ['registry.local/v2/team', 'registry.local/team'],
    ['registry.local/v1/', 'registry.local'],
    ['registry.local/', 'registry.local'],
    ['registry.local/v2', 'registry.local/v2'],
    ['*.azurecr.io', '*.azurecr.io'],
  ])('%s is filed as %s', (key, indexKey) => {
    expect(kubeletIndexKey(key)).toBe(indexKey);
  });

  it.each(['bad host', 'host:port', 'a|b'])('ignores %s, which Go cannot parse', (key) => {
    expect(kubeletIndexKey(key)).toBeUndefined();
  });
});

describe('lookup normalises the image as kubelet does', () => {
  const hub: RegistryCredential = {
    registry: 'https://index.docker.io/v1/',
    username: 'hub',
    password: 'p1',
  };
  const dockerIo: RegistryCredential = { registry: 'docker.io', username: 'dio', password: 'p2' };
  const ghcr: RegistryCredential = { registry: 'ghcr.io', username: 'gh', password: 'p3' };
  const ghcrTeam: RegistryCredential = { registry: 'ghcr.io/team', username: 'team', password: 'p4' };

  it('nginx is docker.io/library/nginx and reaches index.docker.io credentials only by the fallback', () => {
    const result = lookup([{ source: 'a', credentials: [hub, ghcr] }], 'nginx:1.27');
    expect(result.normalizedImage).toBe('docker.io/library/nginx');
    expect(result.matches.map((m) => m.username)).toEqual(['hub']);
    expect(result.dockerHubFallback).toBe(true);
  });

  it('a docker.io key matches directly, so the fallback is not used', () => {
    const result = lookup([{ source: 'a', credentials: [hub, dockerIo] }], 'library/nginx');
    expect(result.matches.map((m) => m.username)).toEqual(['dio']);
    expect(result.dockerHubFallback).toBe(false);
  });

  it('longer keys come first (reverse sort), and one key keeps pod order across secrets', () => {
    const second: RegistryCredential = { ...ghcr, username: 'gh2' };
    const result = lookup(
      [
        { source: 'first', credentials: [ghcr] },
        { source: 'second', credentials: [ghcrTeam, second] },
      ],
      'ghcr.io/team/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
    expect(result.matches.map((m) => `${m.source}:${m.username}`)).toEqual([
      'second:team',
      'first:gh',
      'second:gh2',
    ]);
  });

  it('explains each miss', () => {
    const result = lookup(
      [{ source: 'a', credentials: [{ registry: 'ghcr.io:443', username: 'u', password: 'p' }, ghcrTeam] }],
      'ghcr.io/other/app',
    );
    expect(result.matches).toEqual([]);
    expect(result.misses.map((m) => m.reason)).toEqual([
      'ports differ (key has port 443, image has no port)',
      'the key\'s path "/team" is not a prefix of the image path "/other/app"',
    ]);
  });

  it('rejects an image kubelet could not parse', () => {
    expect(() => lookup([], 'Ghcr.io/Team/App')).toThrow(/upper-case/);
  });
});
