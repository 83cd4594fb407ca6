import { describe, expect, it } from 'vitest';
import { applyMergePatch } from './merge-patch.js';

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects, deletes null members and replaces everything else', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2] };
    expect(applyMergePatch(target, { a: 'z', c: { f: null, h: 'i' }, list: [3] })).toEqual({
      a: 'z',
      c: { d: 'e', h: 'i' },
      list: [3],
    });
    expect(target.c).toEqual({ d: 'e', f: 'g' });
  });

  it('replaces the whole document with a non-object patch', () => {
    expect(applyMergePatch({ a: 1 }, ['x'])).toEqual(['x']);
    expect(applyMergePatch('text', { a: 1 })).toEqual({ a: 1 });
  });

  it('keeps a key named __proto__ as an own property', () => {
    const result = applyMergePatch({}, JSON.parse('{"__proto__":{"polluted":true}}')) as Record<
      string,
      unknown
    >;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":true}}');
  });
});
