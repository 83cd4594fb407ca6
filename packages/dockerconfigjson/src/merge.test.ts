import { describe, expect, it } from 'vitest';
import type { RegistryCredential } from './credential.js';
import { encodeDockerConfigJson } from './encode.js';
import { kubeletIndexKey } from './lookup.js';
import { mergeDockerConfig } from './merge.js';
import { validateRegistry } from './validate-registry.js';

const cred = (registry: string, password = 'p'): RegistryCredential => ({
  registry,
  username: 'u',
  password,
});
const registries = (credentials: RegistryCredential[]) =>
  credentials.map((credential) => credential.registry);

describe('mergeDockerConfig', () => {
  it('keeps entries for other registries, in order, and appends the incoming ones', () => {
    const merged = mergeDockerConfig(
      [cred('quay.io'), cred('ghcr.io', 'old'), cred('gcr.io')],
      [cred('ghcr.io', 'new')],
    );
    expect(merged).toEqual([cred('quay.io'), cred('gcr.io'), cred('ghcr.io', 'new')]);
  });

  it('adds a registry that was not there', () => {
    expect(mergeDockerConfig([cred('quay.io')], [cred('ghcr.io')])).toEqual([
      cred('quay.io'),
      cred('ghcr.io'),
    ]);
  });

  it('replaces an entry spelled differently, taking the incoming key', () => {
    const merged = mergeDockerConfig(
      [cred('https://ghcr.io/', 'old'), cred('quay.io')],
      [cred('ghcr.io', 'new')],
    );
    expect(merged).toEqual([cred('quay.io'), cred('ghcr.io', 'new')]);
  });

  it('trims only ASCII whitespace: a key of U+2028 is not the same registry as "/" (found by the property test)', () => {
    const existing = [{ registry: '/', username: '', password: 'x' }];
    const incoming = [{ registry: '\u2028', username: 'a', password: 'b' }];
    expect(mergeDockerConfig(existing, incoming)).toEqual([...existing, ...incoming]);
  });

  it('never gets a key led by a control character to merge over the key it trims to (property test: "t" vs "\\ft")', () => {
    // "\ft" trims onto "t", but kubelet cannot parse it: were it written over "t", pulls would lose their
    // login. It cannot come in: every flag, input and Docker config key passes validateRegistry first.
    for (const key of ['\ft', '\r&', '\u000bghcr.io', '\tghcr.io']) {
      expect(kubeletIndexKey(key)).toBeUndefined();
      expect(() => validateRegistry(key)).toThrow(expect.objectContaining({ code: 'SERVER_INVALID' }));
    }
    // Found in a stored Secret it is dead to kubelet, so the working key given now takes its place.
    expect(mergeDockerConfig([cred('\ft', 'old'), cred('quay.io')], [cred('t', 'new')])).toEqual([
      cred('quay.io'),
      cred('t', 'new'),
    ]);
  });

  it('keeps keys kubelet treats as other registries: host case and ports count', () => {
    const merged = mergeDockerConfig([cred('ghcr.io:443'), cred('GHCR.IO')], [cred('ghcr.io', 'new')]);
    expect(merged).toEqual([cred('ghcr.io:443'), cred('GHCR.IO'), cred('ghcr.io', 'new')]);
  });

  it("replaces every spelling of Docker Hub's key at once", () => {
    const merged = mergeDockerConfig(
      [
        cred('https://index.docker.io/v1/', 'a'),
        cred('quay.io'),
        cred('index.docker.io', 'b'),
        cred('docker.io', 'c'),
      ],
      [cred('docker.io', 'new')],
    );
    expect(merged).toEqual([cred('quay.io'), cred('docker.io', 'new')]);
  });

  it('treats an empty incoming registry as Docker Hub, as encodeDockerConfigJson does', () => {
    const merged = mergeDockerConfig(
      [cred('https://index.docker.io/v1/', 'old'), cred('quay.io')],
      [cred('', 'new')],
    );
    expect(merged).toEqual([cred('quay.io'), cred('', 'new')]);
    expect(encodeDockerConfigJson(merged)).toContain(
      '"https://index.docker.io/v1/":{"username":"u","password":"new"',
    );
  });

  it('keeps a registry that differs by path or port', () => {
    const existing = [cred('ghcr.io/org-a'), cred('ghcr.io:5000'), cred('ghcr.io')];
    expect(registries(mergeDockerConfig(existing, [cred('ghcr.io/org-b')]))).toEqual([
      'ghcr.io/org-a',
      'ghcr.io:5000',
      'ghcr.io',
      'ghcr.io/org-b',
    ]);
    expect(registries(mergeDockerConfig(existing, [cred('ghcr.io', 'new')]))).toEqual([
      'ghcr.io/org-a',
      'ghcr.io:5000',
      'ghcr.io',
    ]);
  });

  it('merges several incoming credentials at once', () => {
    const merged = mergeDockerConfig(
      [cred('a.io'), cred('b.io'), cred('c.io')],
      [cred('c.io', 'new'), cred('a.io', 'new'), cred('d.io', 'new')],
    );
    expect(registries(merged)).toEqual(['b.io', 'c.io', 'a.io', 'd.io']);
  });

  it('handles empty sides', () => {
    expect(mergeDockerConfig([], [])).toEqual([]);
    expect(mergeDockerConfig([cred('a.io')], [])).toEqual([cred('a.io')]);
    expect(mergeDockerConfig([], [cred('a.io')])).toEqual([cred('a.io')]);
  });

  it('does not change its inputs', () => {
    const existing = [cred('a.io'), cred('b.io')];
    const incoming = [cred('a.io', 'new')];
    const before = structuredClone({ existing, incoming });
    const merged = mergeDockerConfig(existing, incoming);
    expect({ existing, incoming }).toEqual(before);
    expect(merged).not.toBe(existing);
  });

  it('encodes to a secret with the other registries untouched', () => {
    const existing = [cred('quay.io', 'keep-me'), cred('ghcr.io', 'old')];
    const json = encodeDockerConfigJson(mergeDockerConfig(existing, [cred('ghcr.io', 'new')]));
    expect(json).toBe(
      '{"auths":{"ghcr.io":{"username":"u","password":"new","auth":"dTpuZXc="},' +
        '"quay.io":{"username":"u","password":"keep-me","auth":"dTprZWVwLW1l"}}}',
    );
  });
});
