import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { formatManifests } from './format-manifests.js';
import { pullSecretManifest } from './pull-secret-manifest.js';

const secret = (namespace: string) =>
  pullSecretManifest({
    name: 'regcred',
    namespace,
    credentials: [{ registry: 'ghcr.io', username: 'u', password: 'p'.repeat(200) }],
  });

describe('formatManifests', () => {
  it('prints YAML documents separated by ---, base64 on one line', () => {
    const text = formatManifests([secret('a'), secret('b')], 'yaml');
    const documents = parseAllDocuments(text);
    expect(Array.isArray(documents) && documents.map((d) => d.toJS().metadata.namespace)).toEqual(['a', 'b']);
    const dataLine = text.split('\n').find((line) => line.includes('.dockerconfigjson:'))!;
    expect(dataLine.length).toBeGreaterThan(300);
  });

  it('prints one object as JSON, several as a v1 List', () => {
    expect(JSON.parse(formatManifests([secret('a')], 'json')).kind).toBe('Secret');
    const list = JSON.parse(formatManifests([secret('a'), secret('b')], 'json'));
    expect(list).toMatchObject({
      apiVersion: 'v1',
      kind: 'List',
      items: [{ kind: 'Secret' }, { kind: 'Secret' }],
    });
    expect(formatManifests([secret('a')], 'json')).toMatch(/^\{\n {4}"apiVersion"/);
  });

  it('quotes names YAML 1.1 reads as booleans, so kubectl gets strings', () => {
    const manifest = pullSecretManifest({
      name: 'on',
      namespace: 'no',
      credentials: [{ registry: 'ghcr.io', username: 'y', password: 'p' }],
    });
    const text = formatManifests([manifest], 'yaml');
    expect(text).toContain('name: "on"');
    expect(text).toContain('namespace: "no"');
  });
});
