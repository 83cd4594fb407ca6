/**
 * Go's `filepath.Match` for one host label (no `/` in either side): `*` any run of characters, `?` one
 * character, `[abc]`, `[a-z]`, `[^a-z]` classes, `\` escapes. A malformed pattern matches nothing, as
 * kubelet ignores the error and treats it as a miss.
 */
export function goGlobMatch(pattern: string, name: string): boolean {
  const compiled = compile(Array.from(pattern));
  return compiled !== undefined && matchFrom(compiled, 0, Array.from(name), 0);
}

type Token = { kind: 'star' } | { kind: 'one'; test: (char: string) => boolean };

function compile(chars: string[]): Token[] | undefined {
  const tokens: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i]!;
    if (char === '*') {
      tokens.push({ kind: 'star' });
    } else if (char === '?') {
      tokens.push({ kind: 'one', test: (c) => c !== '/' });
    } else if (char === '[') {
      const parsed = compileClass(chars, i + 1);
      if (!parsed) return undefined;
      tokens.push({ kind: 'one', test: parsed.test });
      i = parsed.end;
    } else {
      let literal = char;
      if (char === '\\') {
        if (i + 1 >= chars.length) return undefined;
        literal = chars[++i]!;
      }
      tokens.push({ kind: 'one', test: (c) => c === literal });
    }
  }
  return tokens;
}

function compileClass(
  chars: string[],
  start: number,
): { test: (char: string) => boolean; end: number } | undefined {
  let i = start;
  const negated = chars[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  const escaped = (): string | undefined => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') return undefined;
    if (c === '\\') {
      i++;
      c = chars[i];
      if (c === undefined) return undefined;
    }
    i++;
    return c;
  };
  for (;;) {
    if (chars[i] === ']' && ranges.length > 0) break;
    const lo = escaped();
    if (lo === undefined) return undefined;
    let hi = lo;
    if (chars[i] === '-') {
      i++;
      const upper = escaped();
      if (upper === undefined) return undefined;
      hi = upper;
    }
    ranges.push([lo, hi]);
  }
  const inClass = (c: string) => ranges.some(([lo, hi]) => lo <= c && c <= hi);
  return { test: (c) => c !== '/' && inClass(c) !== negated, end: i };
}

function matchFrom(tokens: Token[], t: number, name: string[], n: number): boolean {
  if (t === tokens.length) return n === name.length;
  const token = tokens[t]!;
  if (token.kind === 'star') {
    for (let k = n; k <= name.length; k++) {
      if (matchFrom(tokens, t + 1, name, k)) return true;
      if (name[k] === '/') return false;
    }
    return false;
  }
  return n < name.length && token.test(name[n]!) && matchFrom(tokens, t + 1, name, n + 1);
}
