import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goGlobMatch } from './go-glob.js';

describe('goGlobMatch', () => {
  describe('literals', () => {
    it.each([
      ['abc', 'abc', true],
      ['abc', 'abd', false],
      ['abc', 'ab', false],
      ['abc', 'abcd', false],
      ['abc', 'ABC', false],
      ['', '', true],
      ['', 'a', false],
      ['a', '', false],
      [']', ']', true],
      ['-', '-', true],
      ['^', '^', true],
      ['é😀', 'é😀', true],
    ])('%j vs %j → %s', (pattern, name, expected) => {
      expect(goGlobMatch(pattern, name)).toBe(expected);
    });
  });

  describe('*', () => {
    it.each([
      ['*', '', true],
      ['*', 'anything', true],
      ['**', 'x', true],
      ['a*', 'a', true],
      ['a*', 'abc', true],
      ['a*', 'ba', false],
      ['*c', 'abc', true],
      ['*c', 'abcd', false],
      ['a*c', 'ac', true],
      ['a*c', 'abbc', true],
      ['a*c', 'abcb', false],
      ['a*b*c', 'abbbc', true],
      ['a*b*c', 'abcbc', true],
      ['a*b*c', 'acb', false],
      ['*ab', 'abab', true],
      ['*a', 'aba', true],
      ['*a', 'abb', false],
      ['*?', 'ab', true],
      ['*??*', 'a', false],
      ['us-*', 'us-east-1', true],
      ['*-ecr', 'my-ecr', true],
      ['*', 'a/b', false],
      ['a*', 'a/b', false],
      ['*b', 'a/b', false],
    ])('%j vs %j → %s', (pattern, name, expected) => {
      expect(goGlobMatch(pattern, name)).toBe(expected);
    });
  });

  describe('?', () => {
    it.each([
      ['a?c', 'abc', true],
      ['a?c', 'ac', false],
      ['a?c', 'abbc', false],
      ['?', '', false],
      ['?', 'é', true],
      ['?', '😀', true],
      ['??', '😀', false],
      ['?', '/', false],
    ])('%j vs %j → %s', (pattern, name, expected) => {
      expect(goGlobMatch(pattern, name)).toBe(expected);
    });
  });

  describe('character classes', () => {
    it.each([
      ['[a-z]', 'm', true],
      ['[a-z]', 'M', false],
      ['[a-z]', 'a', true],
      ['[a-z]', 'z', true],
      ['[a-z]', '', false],
      ['[a-z]', 'ab', false],
      ['[^a-z]', 'M', true],
      ['[^a-z]', 'm', false],
      ['[^a-z]', '', false],
      ['[abc]', 'b', true],
      ['[abc]', 'd', false],
      ['[a-cx-z]', 'y', true],
      ['[a-cx-z]', 'm', false],
      ['[^abc]', 'd', true],
      ['[]', ']', false],
      ['[*]', '*', true],
      ['[*]', 'a', false],
      ['[?]', '?', true],
      ['[?]', 'a', false],
      ['[[]', '[', true],
      ['[^^]', '^', false],
      ['[^^]', 'a', true],
      ['x[0-9]y', 'x5y', true],
      ['x[0-9]y', 'xay', false],
      ['[z-a]', 'm', false], // an empty range is not an error in Go, it just matches nothing
      ['[^z-a]', 'm', true],
      ['[à-ÿ]', 'é', true],
      ['[😀-😂]', '😁', true],
      ['[😀-😂]', '😃', false],
      // code-point order, not UTF-16 order: U+FFE0 lies between U+FF5E and U+1F600
      ['[\uff5e-😀]', '\uffe0', true],
      ['[\uff5e-😀]', '😁', false],
      ['[^a]', '/', true], // Go checks the separator for ? and * only
    ])('%j vs %j → %s', (pattern, name, expected) => {
      expect(goGlobMatch(pattern, name)).toBe(expected);
    });
  });

  describe('escapes', () => {
    it.each([
      ['\\*', '*', true],
      ['\\*', 'a', false],
      ['\\*', '', false],
      ['\\?', '?', true],
      ['\\?', 'a', false],
      ['\\[', '[', true],
      ['\\a', 'a', true],
      ['\\\\', '\\', true],
      ['a\\*b', 'a*b', true],
      ['a\\*b', 'axb', false],
      ['*\\*', 'abc*', true],
      ['[\\]]', ']', true],
      ['[\\-]', '-', true],
      ['[a\\-z]', '-', true],
      ['[a\\-z]', 'b', false],
      ['[\\^a]', '^', true],
      ['[\\a-\\c]', 'b', true],
      ['[x\\*]', '*', true],
    ])('%j vs %j → %s', (pattern, name, expected) => {
      expect(goGlobMatch(pattern, name)).toBe(expected);
    });
  });

  describe('bad patterns match nothing', () => {
    it.each([
      ['[', ['[', '', 'a']],
      ['[]', [']', '[]', '']],
      ['[-a]', ['-', 'a']],
      ['[a-]', ['a', '-']],
      ['[^]', ['^', 'a', ']']],
      ['[a', ['a', '[a']],
      ['[a-', ['a']],
      ['[^', ['^', 'a']],
      ['[\\', ['\\', '[']],
      ['[a\\]', ['a', ']']],
      ['\\', ['\\', '']],
      ['abc\\', ['abc\\', 'abc']],
      ['a[', ['a', 'a[']],
      ['*[', ['x', '[']],
      ['x*[', ['xyz', 'x[']],
      ['*a[', ['a', 'ba']],
      ['[a]*[', ['a', 'ab']],
      ['[a-b-c]', ['a', 'b', 'c', '-']],
      ['[]a]', [']', 'a']],
    ])('%j', (pattern, names) => {
      for (const name of names) expect(goGlobMatch(pattern, name)).toBe(false);
    });

    it('even when the bad part comes after a mismatch', () => {
      expect(goGlobMatch('b[', 'a')).toBe(false);
      expect(goGlobMatch('b*[', 'a')).toBe(false);
    });
  });

  it('stays fast with many stars (no exponential backtracking)', () => {
    const started = performance.now();
    expect(goGlobMatch(`${'*a'.repeat(30)}*b`, 'a'.repeat(200))).toBe(false);
    expect(goGlobMatch(`${'a*'.repeat(30)}b`, `${'a'.repeat(200)}b`)).toBe(true);
    expect(goGlobMatch('*?*?*?*?*?*?*?*?*?*?x', 'y'.repeat(63))).toBe(false);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  // A well-formed pattern and the regular expression that means the same thing.
  type Term = { kind: 'literal'; char: string } | { kind: 'any' } | { kind: 'star' } | ClassTerm;
  type ClassTerm = { kind: 'class'; negated: boolean; ranges: [string, string][] };
  const alphabet = ['a', 'b', 'c', '-', '.', '*', '?', '[', ']', '^', '\\', 'é', '😀'];
  const char = fc.constantFrom(...alphabet);
  const term: fc.Arbitrary<Term> = fc.oneof(
    char.map((c) => ({ kind: 'literal' as const, char: c })),
    fc.constant({ kind: 'any' as const }),
    fc.constant({ kind: 'star' as const }),
    fc.record({
      kind: fc.constant('class' as const),
      negated: fc.boolean(),
      ranges: fc.array(fc.tuple(char, char), { minLength: 1, maxLength: 3 }),
    }),
  );
  const escapeGlob = (c: string) => (/[*?[\]\\^-]/.test(c) ? `\\${c}` : c);
  const escapeRegExp = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;
  const toPattern = (terms: Term[]) =>
    terms
      .map((t) => {
        if (t.kind === 'literal') return escapeGlob(t.char);
        if (t.kind === 'any') return '?';
        if (t.kind === 'star') return '*';
        const ranges = t.ranges.map(([lo, hi]) =>
          lo === hi ? escapeGlob(lo) : `${escapeGlob(lo)}-${escapeGlob(hi)}`,
        );
        return `[${t.negated ? '^' : ''}${ranges.join('')}]`;
      })
      .join('');
  const toRegExp = (terms: Term[]) =>
    new RegExp(
      `^${terms
        .map((t) => {
          if (t.kind === 'literal') return escapeRegExp(t.char);
          if (t.kind === 'any') return '[^/]';
          if (t.kind === 'star') return '[^/]*';
          // ranges with lo > hi match nothing; a RegExp would reject them, so keep only the valid ones
          const cp = (c: string) => c.codePointAt(0)!;
          const valid = t.ranges.filter(([lo, hi]) => cp(lo) <= cp(hi));
          const set = valid.map(([lo, hi]) => `${escapeRegExp(lo)}-${escapeRegExp(hi)}`).join('');
          if (t.negated) return set ? `[^${set}]` : '[^]';
          return set ? `[${set}]` : '[]';
        })
        .join('')}$`,
      'u',
    );

  it('agrees with an equivalent regular expression on well-formed patterns', () => {
    fc.assert(
      fc.property(
        fc.array(term, { maxLength: 6 }),
        fc.array(char, { maxLength: 8 }).map((chars) => chars.join('')),
        (terms, name) => {
          expect(goGlobMatch(toPattern(terms), name)).toBe(toRegExp(terms).test(name));
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it('matches every name built from the pattern itself', () => {
    fc.assert(
      fc.property(fc.array(term, { maxLength: 6 }), (terms) => {
        // A name that the pattern must match: one char per ?, one member per class, nothing per *.
        const name = terms
          .map((t) => {
            if (t.kind === 'literal') return t.char;
            if (t.kind === 'any') return 'x';
            if (t.kind === 'star') return '';
            return null;
          })
          .filter((part) => part !== null)
          .join('');
        const withoutClasses = terms.filter((t) => t.kind !== 'class');
        expect(goGlobMatch(toPattern(withoutClasses), name)).toBe(true);
      }),
      { numRuns: 1_000 },
    );
  });
});
