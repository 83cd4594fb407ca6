import { describe, expect, it } from 'vitest';
import { applyStrategicMergePatch, type MergeLists } from './strategic-merge-patch.js';

const LISTS: MergeLists = {
  secrets: { mergeKey: 'name' },
  'metadata.finalizers': {},
};

const apply = (original: unknown, patch: unknown) => applyStrategicMergePatch(original, patch, LISTS);

describe('applyStrategicMergePatch', () => {
  it('merges maps recursively and deletes keys set to null', () => {
    const original = { metadata: { labels: { a: '1', b: '2' }, name: 'x' }, data: { k: 'v' } };
    expect(apply(original, { metadata: { labels: { b: null, c: '3' } } })).toEqual({
      metadata: { labels: { a: '1', c: '3' }, name: 'x' },
      data: { k: 'v' },
    });
    expect(original.metadata.labels).toEqual({ a: '1', b: '2' });
  });

  it('merges a list by its merge key: adds once, keeps others, deletes with $patch: delete', () => {
    const original = { secrets: [{ name: 'a' }, { name: 'b' }] };
    const added = apply(original, { secrets: [{ name: 'c' }] });
    expect(added).toEqual({ secrets: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    expect(apply(added, { secrets: [{ name: 'c' }] })).toEqual(added);
    expect(apply(original, { secrets: [{ name: 'a', $patch: 'delete' }] })).toEqual({
      secrets: [{ name: 'b' }],
    });
    expect(apply({}, { secrets: [{ name: 'a' }] })).toEqual({ secrets: [{ name: 'a' }] });
  });

  it('replaces a merge list with $patch: replace, and other lists always', () => {
    const original = { secrets: [{ name: 'a' }], other: [1, 2] };
    expect(apply(original, { secrets: [{ name: 'z' }, { $patch: 'replace' }], other: [3] })).toEqual({
      secrets: [{ name: 'z' }],
      other: [3],
    });
  });

  it('treats a list without merge key as a set, and honours $deleteFromPrimitiveList', () => {
    const original = { metadata: { finalizers: ['a', 'b'] } };
    expect(apply(original, { metadata: { finalizers: ['b', 'c'] } })).toEqual({
      metadata: { finalizers: ['a', 'b', 'c'] },
    });
    expect(apply(original, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })).toEqual({
      metadata: { finalizers: ['b'] },
    });
  });

  it('orders a merged list by $setElementOrder, as kubectl apply sends it', () => {
    const original = { secrets: [{ name: 'a' }, { name: 'b' }] };
    const patch = {
      '$setElementOrder/secrets': [{ name: 'c' }, { name: 'a' }],
      secrets: [{ name: 'c' }],
    };
    expect(apply(original, patch)).toEqual({
      secrets: [{ name: 'c' }, { name: 'a' }, { name: 'b' }],
    });
  });

  it('replaces or deletes a map with $patch, and keeps only $retainKeys', () => {
    const original = { spec: { a: 1, b: 2 }, keep: true };
    expect(apply(original, { spec: { $patch: 'replace', c: 3 } })).toEqual({ spec: { c: 3 }, keep: true });
    expect(apply(original, { spec: { $patch: 'delete' } })).toEqual({ keep: true });
    expect(apply(original, { spec: { $retainKeys: ['b', 'c'], c: 3 } })).toEqual({
      spec: { b: 2, c: 3 },
      keep: true,
    });
  });

  it('refuses malformed patches with 400', () => {
    expect(() => apply({}, [])).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => apply({}, { secrets: [{ noName: true }] })).toThrow(
      expect.objectContaining({ code: 400, message: expect.stringContaining('merge key: name') }),
    );
    expect(() => apply({}, { $patch: 'explode' })).toThrow(expect.objectContaining({ code: 400 }));
  });

  it('stores a key named __proto__ as data, never as a prototype', () => {
    const result = apply({ data: {} }, JSON.parse('{"data":{"__proto__":"eA=="}}')) as { data: object };
    expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    expect(JSON.stringify(result)).toBe('{"data":{"__proto__":"eA=="}}');
  });
});
