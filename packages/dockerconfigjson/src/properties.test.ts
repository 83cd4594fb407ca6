import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RegistryCredential } from './credential.js';
import { decodeDockerConfig } from './decode.js';
import { encodeDockerConfigJson } from './encode.js';
import { compareGoStrings } from './go-json.js';
import { kubeletIndexKey } from './lookup.js';
import { mergeDockerConfig } from './merge.js';
import { DOCKER_HUB_KEY, normalizeRegistryKey } from './registry-key.js';
import { validateRegistry } from './validate-registry.js';

// Characters that break naive encoders, mixed with any code point.
const awkward = fc.constantFrom(
  ':',
  '"',
  '\\',
  '/',
  '<',
  '>',
  '&',
  '\n',
  '\r',
  '\t',
  '\b',
  '\f',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\u2029',
  '\ufeff',
  'é',
  '中',
  '😀',
  ' ',
);
const text = fc.string({
  unit: fc.oneof(awkward, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
});
const withoutColon = text.map((value) => value.replaceAll(':', ''));

const hostLabel = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const registryKey = fc.oneof(
  fc.constantFrom(
    '',
    DOCKER_HUB_KEY,
    'docker.io',
    'index.docker.io',
    'ghcr.io',
    'GHCR.io',
    'quay.io',
    'localhost:5000',
  ),
  fc
    .tuple(
      fc.constantFrom('', 'https://', 'http://'),
      fc.array(hostLabel, { minLength: 1, maxLength: 3 }),
      fc.constantFrom('', ':5000', ':443'),
      fc.constantFrom('', '/', '/org', '/v2/team/app'),
    )
    .map(([scheme, labels, port, path]) => `${scheme}${labels.join('.')}${port}${path}`),
  text,
);
const sameRegistry = (credential: RegistryCredential) =>
  normalizeRegistryKey(credential.registry || DOCKER_HUB_KEY);

/** Whether a key can come in: every flag, input and Docker config passes validateRegistry ('' is Docker Hub). */
const accepted = (key: string) => {
  try {
    validateRegistry(key);
    return true;
  } catch {
    return key === '';
  }
};

const credential = (
  username: fc.Arbitrary<string>,
  registry: fc.Arbitrary<string> = registryKey,
): fc.Arbitrary<RegistryCredential> =>
  fc
    .record({
      registry,
      username,
      password: text,
      email: fc.option(fc.oneof(fc.constant(''), text), { nil: undefined }),
    })
    .map(({ email, ...rest }) => (email === undefined ? rest : { ...rest, email }));

const credentials = (username: fc.Arbitrary<string>) =>
  fc.uniqueArray(credential(username), { selector: sameRegistry, maxLength: 6 });

/** What decoding should give back: Docker Hub's key for '', email only when non-empty. */
const expected = (input: RegistryCredential[]) =>
  input.map(({ registry, username, password, email }) => ({
    registry: registry || DOCKER_HUB_KEY,
    username,
    password,
    ...(email ? { email } : {}),
  }));

// Go sorts the keys; JSON.parse lists integer-like keys first, so compare in one order.
const byKey = <T extends { registry: string }>(list: T[]) =>
  [...list].sort((a, b) => compareGoStrings(a.registry, b.registry));

describe('decodeDockerConfig(encodeDockerConfigJson(x))', () => {
  it('round-trips any credentials whose username has no colon', () => {
    fc.assert(
      fc.property(credentials(withoutColon), (input) => {
        const decoded = decodeDockerConfig(encodeDockerConfigJson(input));
        expect(byKey(decoded)).toEqual(byKey(expected(input)));
      }),
      { numRuns: 1_000 },
    );
  });

  it('reads a username with a colon as kubelet does: split at the first colon', () => {
    fc.assert(
      fc.property(credentials(text), (input) => {
        const decoded = byKey(decodeDockerConfig(encodeDockerConfigJson(input)));
        const wanted = byKey(expected(input));
        expect(decoded.map((c) => c.registry)).toEqual(wanted.map((c) => c.registry));
        decoded.forEach((got, i) => {
          const joined = `${wanted[i]!.username}:${wanted[i]!.password}`;
          const colon = joined.indexOf(':');
          expect(got.username).toBe(joined.slice(0, colon));
          expect(got.password).toBe(joined.slice(colon + 1));
          expect(got.email).toBe(wanted[i]!.email);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('writes the entries in Go byte order of their keys', () => {
    fc.assert(
      fc.property(credentials(withoutColon), (input) => {
        // each entry as encoded alone ({"auths":{KEY:{…}}} without the wrapper), then joined in Go order
        const entries = byKey(expected(input)).map((c) =>
          encodeDockerConfigJson([c]).slice('{"auths":{'.length, -2),
        );
        expect(encodeDockerConfigJson(input)).toBe(`{"auths":{${entries.join(',')}}}`);
      }),
      { numRuns: 300 },
    );
  });
});

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe('encodeDockerConfigJson output', () => {
  const anyText = fc.string({
    unit: fc.oneof(
      awkward,
      fc.constantFrom('\ud800', '\udfff', '\ud83d'),
      fc.string({ unit: 'binary', maxLength: 1 }),
    ),
  });

  it('is well-formed, parseable JSON with Go-safe characters only, for any strings (even lone surrogates)', () => {
    fc.assert(
      fc.property(anyText, anyText, anyText, anyText, (registry, username, password, email) => {
        const json = encodeDockerConfigJson([{ registry, username, password, email }]);
        expect(json).not.toMatch(LONE_SURROGATE);
        expect(json).not.toMatch(/[\u0000-\u001f<>&\u2028\u2029]/);
        expect(() => JSON.parse(json)).not.toThrow();
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('mergeDockerConfig', () => {
  const anyCredentials = fc.array(credential(withoutColon), { maxLength: 6 });

  it('never loses a registry it was not asked to replace, and keeps its order', () => {
    fc.assert(
      fc.property(anyCredentials, anyCredentials, (existing, incoming) => {
        const merged = mergeDockerConfig(existing, incoming);
        const replaced = new Set(incoming.map(sameRegistry));
        const kept = existing.filter((c) => !replaced.has(sameRegistry(c)));
        expect(merged).toEqual([...kept, ...incoming]);
        for (const c of kept) expect(merged).toContain(c);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never drops an entry kubelet would file under a key no incoming entry has (Docker Hub aside)', () => {
    // An oracle independent of normalizeRegistryKey: kubelet's own keyring key.
    const kubeletKey = (c: RegistryCredential) => kubeletIndexKey(c.registry || DOCKER_HUB_KEY);
    const hub = new Set(['docker.io', 'index.docker.io']);
    // Existing entries come from a cluster or a file and may be anything; incoming ones have passed
    // validateRegistry. A refused key such as "\ft" trims onto "t" yet kubelet cannot parse it, so it
    // would take the place of a working "t" (merge.test.ts pins that it never gets that far).
    const validIncoming = fc.array(credential(withoutColon, registryKey.filter(accepted)), { maxLength: 6 });
    fc.assert(
      fc.property(anyCredentials, validIncoming, (existing, incoming) => {
        const merged = mergeDockerConfig(existing, incoming);
        const incomingKeys = new Set(incoming.map(kubeletKey));
        for (const c of existing) {
          const key = kubeletKey(c);
          if (key === undefined || incomingKeys.has(key) || hub.has(key)) continue;
          expect(merged).toContain(c);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it('drops every existing entry for a replaced registry', () => {
    fc.assert(
      fc.property(anyCredentials, anyCredentials, (existing, incoming) => {
        const merged = mergeDockerConfig(existing, incoming);
        const replaced = new Set(incoming.map(sameRegistry));
        for (const c of existing) {
          if (replaced.has(sameRegistry(c)) && !incoming.includes(c)) expect(merged).not.toContain(c);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the other registries through a whole secret update (decode, merge, encode, decode)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(credential(withoutColon), {
          selector: (c) => c.registry || DOCKER_HUB_KEY,
          maxLength: 6,
        }),
        credentials(withoutColon),
        (existing, incoming) => {
          const stored = decodeDockerConfig(encodeDockerConfigJson(existing));
          const updated = decodeDockerConfig(encodeDockerConfigJson(mergeDockerConfig(stored, incoming)));
          const replaced = new Set(incoming.map(sameRegistry));
          for (const before of stored) {
            if (replaced.has(sameRegistry(before))) continue;
            expect(updated).toContainEqual(before);
          }
          for (const wanted of expected(incoming)) expect(updated).toContainEqual(wanted);
          expect(updated).toHaveLength(
            stored.filter((c) => !replaced.has(sameRegistry(c))).length + incoming.length,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
