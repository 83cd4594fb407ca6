import { describe, expect, it } from 'vitest';
import { readManifests } from './read-manifests.js';
import { writeManifests } from './write-manifests.js';

describe('readManifests', () => {
  it('reads every document, keeps empty ones, and writes them back byte for byte', () => {
    const text =
      '# leading\n---\nkind: A # c\nmetadata: {name: "x"}\n---\n# only a comment\n---\n{"kind": "B"}\n';
    const documents = readManifests(text, 'f.yaml');
    expect(documents.map((d) => [d.index, d.empty])).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    expect(writeManifests(documents)).toBe(text);
    expect(writeManifests(documents, 'json')).toBe(
      `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ kind: 'A', metadata: { name: 'x' } }, { kind: 'B' }] }, null, 4)}\n`,
    );
  });

  it('refuses text that is not YAML, a document that is not an object, and one without kind', () => {
    expect(() => readManifests('kind: [a\n', 'bad.yaml')).toThrow(/^bad.yaml is not YAML \(line \d+\)/);
    expect(() => readManifests('kind: A\n---\n- a\n', 'list.yaml')).toThrow(
      'Document 2 of list.yaml is not a Kubernetes object',
    );
    expect(() => readManifests('apiVersion: v1\nmetadata: {}\n', 'x\u001b.yaml')).toThrow(
      'Document 1 of x\\u001b.yaml has no kind.',
    );
  });
});
