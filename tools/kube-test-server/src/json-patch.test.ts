import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './json-patch.js';

describe('applyJsonPatch (RFC 6902)', () => {
  const document = { metadata: { name: 'x', labels: { 'a/b': '1' } }, list: ['a', 'b'] };

  it('applies add, remove, replace, move, copy and test in order, on a copy', () => {
    const result = applyJsonPatch(document, [
      { op: 'test', path: '/metadata/name', value: 'x' },
      { op: 'add', path: '/list/-', value: 'c' },
      { op: 'add', path: '/list/0', value: 'first' },
      { op: 'remove', path: '/metadata/labels/a~1b' },
      { op: 'replace', path: '/metadata/name', value: 'y' },
      { op: 'copy', from: '/metadata/name', path: '/metadata/copy' },
      { op: 'move', from: '/list/1', path: '/moved' },
    ]);
    expect(result).toEqual({
      metadata: { name: 'y', labels: {}, copy: 'y' },
      list: ['first', 'b', 'c'],
      moved: 'a',
    });
    expect(document.list).toEqual(['a', 'b']);
  });

  it('replaces the whole document at the empty pointer', () => {
    expect(applyJsonPatch(document, [{ op: 'replace', path: '', value: { a: 1 } }])).toEqual({ a: 1 });
  });

  it('answers 422 when an operation does not apply', () => {
    const fails = (operation: object) => () => applyJsonPatch(document, [operation]);
    expect(fails({ op: 'remove', path: '/missing' })).toThrow(
      expect.objectContaining({ code: 422, reason: 'Invalid' }),
    );
    expect(fails({ op: 'replace', path: '/a/b', value: 1 })).toThrow(expect.objectContaining({ code: 422 }));
    expect(fails({ op: 'add', path: '/list/5', value: 1 })).toThrow(expect.objectContaining({ code: 422 }));
    expect(fails({ op: 'test', path: '/metadata/name', value: 'z' })).toThrow(
      expect.objectContaining({ message: 'testing value /metadata/name failed: test failed' }),
    );
    expect(fails({ op: 'move', from: '/metadata', path: '/metadata/inner' })).toThrow(
      expect.objectContaining({ code: 422 }),
    );
  });

  it('answers 400 when the patch is not a list of operations', () => {
    expect(() => applyJsonPatch(document, { op: 'add' })).toThrow(expect.objectContaining({ code: 400 }));
    expect(() => applyJsonPatch(document, [{ op: 'add', path: '/x' }])).toThrow(
      expect.objectContaining({ code: 400 }),
    );
    expect(() => applyJsonPatch(document, [{ op: 'frobnicate', path: '/x' }])).toThrow(
      expect.objectContaining({ code: 400 }),
    );
  });
});
