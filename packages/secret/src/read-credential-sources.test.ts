import { describe, expect, it } from 'vitest';
import { formatManifests } from './format-manifests.js';
import { pullSecretManifest } from './pull-secret-manifest.js';
import { readCredentialSources } from './read-credential-sources.js';

const CANARY = 'CANARY-read-5e5e';
const credentials = [{ registry: 'ghcr.io', username: 'me', password: CANARY }];

describe('readCredentialSources', () => {
  it('reads what pull-secret writes, as YAML and as JSON, with namespaced sources', () => {
    const manifest = pullSecretManifest({ name: 'regcred', namespace: 'apps', credentials });
    for (const format of ['yaml', 'json'] as const) {
      expect(readCredentialSources(formatManifests([manifest], format), 'f')).toEqual([
        { source: 'secret/apps/regcred', credentials },
      ]);
    }
  });

  it('reads multi-document YAML and Lists in order', () => {
    const a = pullSecretManifest({ name: 'a', credentials });
    const b = pullSecretManifest({ name: 'b', credentials });
    expect(readCredentialSources(formatManifests([a, b], 'yaml'), 'f').map((s) => s.source)).toEqual([
      'secret/a',
      'secret/b',
    ]);
    expect(readCredentialSources(formatManifests([a, b], 'json'), 'f').map((s) => s.source)).toEqual([
      'secret/a',
      'secret/b',
    ]);
  });

  it('reads bare .dockerconfigjson and legacy .dockercfg files', () => {
    const auth = Buffer.from(`me:${CANARY}`).toString('base64');
    expect(readCredentialSources(JSON.stringify({ auths: { 'ghcr.io': { auth } } }), 'config.json')).toEqual([
      { source: 'config.json', credentials },
    ]);
    expect(readCredentialSources(JSON.stringify({ 'ghcr.io': { auth } }), '.dockercfg')).toEqual([
      { source: '.dockercfg', credentials },
    ]);
  });

  it('prefers stringData over data, as the API server does', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': Buffer.from('{"auths":{}}').toString('base64') },
      stringData: {
        '.dockerconfigjson': JSON.stringify({ auths: { 'ghcr.io': { username: 'me', password: CANARY } } }),
      },
    });
    expect(readCredentialSources(text, 'f')[0]!.credentials).toEqual(credentials);
  });

  it('a dockerconfigjson Secret without "auths" holds nothing, as kubelet reads it', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: {
        '.dockerconfigjson': JSON.stringify({ 'ghcr.io': { username: 'me', password: CANARY } }),
      },
    });
    expect(readCredentialSources(text, 'f')[0]!.credentials).toEqual([]);
  });

  it.each([
    [
      'an Opaque Secret',
      'kind: Secret\napiVersion: v1\nmetadata: {name: s}\ntype: Opaque\n',
      /type "Opaque"/,
    ],
    [
      'a pull secret without data',
      'kind: Secret\napiVersion: v1\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\n',
      /has no ".dockerconfigjson"/,
    ],
    [
      'data that is not base64',
      `kind: Secret\napiVersion: v1\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\ndata: {.dockerconfigjson: "${CANARY}!"}\n`,
      /is not valid base64/,
    ],
    ['a scalar document', 'just text\n', /not an object/],
    ['bad YAML', `a: [${CANARY}\n`, /line \d+, column \d+/],
  ])('rejects %s without quoting it', (_, text, message) => {
    let error: Error | undefined;
    try {
      readCredentialSources(text, 'f.yaml');
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).not.toContain(CANARY);
  });

  it('names the file and Secret in a decode error', () => {
    const text = JSON.stringify({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'kubernetes.io/dockerconfigjson',
      stringData: {
        '.dockerconfigjson': JSON.stringify({
          auths: { 'r.io': { auth: Buffer.from(CANARY).toString('base64') } },
        }),
      },
    });
    expect(() => readCredentialSources(text, 'pull.json')).toThrow(
      'pull.json: Secret "s": Registry "r.io": "auth" does not decode to "username:password" (no colon).',
    );
  });

  it('with skipUnusable, keeps going past Secrets kubelet would skip, saying why', () => {
    const text = [
      'apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\ntype: kubernetes.io/tls\n',
      formatManifests([pullSecretManifest({ name: 'regcred', credentials })], 'yaml'),
      'apiVersion: v1\nkind: Secret\nmetadata: {name: empty}\ntype: kubernetes.io/dockerconfigjson\n',
    ].join('---\n');
    expect(() => readCredentialSources(text, 'all.yaml')).toThrow(/type "kubernetes.io\/tls"/);
    expect(readCredentialSources(text, 'all.yaml', { skipUnusable: true })).toEqual([
      { source: 'secret/tls', credentials: [], ignored: expect.stringMatching(/which kubelet does not use/) },
      { source: 'secret/regcred', credentials },
      {
        source: 'secret/empty',
        credentials: [],
        ignored: expect.stringMatching(/has no ".dockerconfigjson"/),
      },
    ]);
  });
});

describe('readCredentialSources on hostile files', () => {
  it('refuses a YAML alias bomb as bad input', () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    expect(() => readCredentialSources(lines.join('\n'), 'bomb.yaml')).toThrow(
      expect.objectContaining({ code: 'YAML_INVALID', message: expect.stringContaining('aliases') }),
    );
  });

  it('refuses JSON and YAML nested deeper than 100 levels, even 100,000', () => {
    const deepJson = `{"auths":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const deepYaml = `auths: ${'['.repeat(150)}${']'.repeat(150)}\n`;
    for (const [text, name] of [
      [deepJson, 'deep.json'],
      [deepYaml, 'deep.yaml'],
    ] as const) {
      expect(() => readCredentialSources(text, name)).toThrow(
        expect.objectContaining({ code: 'INPUT_TOO_DEEP', message: expect.stringContaining(name) }),
      );
    }
  });
});
