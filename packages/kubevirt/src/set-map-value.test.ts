import { describe, expect, it } from 'vitest';
import { isMap, type YAMLMap } from 'yaml';
import { readManifests } from './read-manifests.js';
import { setMapValue } from './set-map-value.js';
import { writeManifests } from './write-manifests.js';

/** Sets `key` in the map at `path` of the first document, and returns the file's text afterwards. */
function set(text: string, path: string[], key: string, value: string): string {
  const documents = readManifests(text, 'f.yaml');
  const map = documents[0]!.document.getIn(path, true);
  if (!isMap(map)) throw new Error('no map there');
  setMapValue(documents[0]!, map as YAMLMap, key, value);
  expect(documents[0]!.document.getIn([...path, key])).toBe(value);
  return writeManifests(documents);
}

describe('setMapValue', () => {
  it('adds a key on its own line after the last entry, at the entry indentation, after a trailing comment', () => {
    expect(set('kind: A\nd:\n    image: x # c\nz: 1\n', ['d'], 'imagePullSecret', 'p')).toBe(
      'kind: A\nd:\n    image: x # c\n    imagePullSecret: p\nz: 1\n',
    );
    expect(set('kind: A\nd:\n  image: x', ['d'], 'k', 'v')).toBe('kind: A\nd:\n  image: x\n  k: v\n');
    expect(set('kind: A\nd:\n  n:\n    - a\n    - b\nz: 1\n', ['d'], 'k', 'v')).toBe(
      'kind: A\nd:\n  n:\n    - a\n    - b\n  k: v\nz: 1\n',
    );
  });

  it('replaces a value in its own quoting, fills a key with no value, and quotes what YAML 1.1 would misread', () => {
    expect(set("kind: A\nd: {s: 'old'}\n", ['d'], 's', 'new')).toBe("kind: A\nd: {s: 'new'}\n");
    expect(set('kind: A\nd:\n  s: "old"\n', ['d'], 's', 'new')).toBe('kind: A\nd:\n  s: "new"\n');
    expect(set('kind: A\nd:\n  s:\n  t: 1\n', ['d'], 's', 'new')).toBe('kind: A\nd:\n  s: new\n  t: 1\n');
    expect(set('kind: A\nd:\n  t: 1\n', ['d'], 's', 'on')).toBe('kind: A\nd:\n  t: 1\n  s: "on"\n');
  });

  it('keeps JSON input JSON', () => {
    const out = set('{"kind": "A", "d": {"image": "x"}}\n', ['d'], 'imagePullSecret', 'p');
    expect(out).toBe('{"kind": "A", "d": {"image": "x", "imagePullSecret": "p"}}\n');
    expect(JSON.parse(out)).toEqual({ kind: 'A', d: { image: 'x', imagePullSecret: 'p' } });
    expect(set('{"kind": "A", "d": {}}', ['d'], 'k', 'v')).toBe('{"kind": "A", "d": {"k": "v"}}\n');
  });
});
