/**
 * Go's `filepath.Match` for one host label (no `/` in either side): `*` any run of characters, `?` one
 * character, `[abc]`, `[a-z]`, `[^a-z]` classes, `\` escapes. A malformed pattern matches nothing, as
 * kubelet ignores the error and treats it as a miss.
 */
export function goGlobMatch(pattern: string, name: string): boolean {
  try {
    return match(Array.from(pattern), Array.from(name));
  } catch (error) {
    if (error === BAD_PATTERN) return false;
    throw error;
  }
}

const BAD_PATTERN = new Error('syntax error in pattern');

// A port of Go's algorithm rather than a backtracking matcher: each star commits to the first place its
// chunk fits, so time stays polynomial however many stars a key has (backtracking is exponential).
function match(pattern: string[], name: string[]): boolean {
  let p = 0;
  let n = 0;
  nextChunk: while (p < pattern.length) {
    const { star, start, end } = scanChunk(pattern, p);
    p = end;
    const chunk = pattern.slice(start, end);
    if (star && chunk.length === 0) return !name.slice(n).includes('/');
    const rest = matchChunk(chunk, name, n);
    // The last chunk must use up the name; an earlier one may leave the rest to the next chunk.
    if (rest !== undefined && (rest === name.length || p < pattern.length)) {
      n = rest;
      continue;
    }
    if (star) {
      for (let i = n; i < name.length && name[i] !== '/'; i++) {
        const skipped = matchChunk(chunk, name, i + 1);
        if (skipped === undefined) continue;
        if (p === pattern.length && skipped < name.length) continue;
        n = skipped;
        continue nextChunk;
      }
    }
    return false;
  }
  return n === name.length;
}

/** The next run of stars and the chunk of single-character terms after it. */
function scanChunk(pattern: string[], from: number): { star: boolean; start: number; end: number } {
  let start = from;
  while (pattern[start] === '*') start++;
  let inRange = false;
  let end = start;
  for (; end < pattern.length; end++) {
    const char = pattern[end];
    if (char === '\\') {
      if (end + 1 < pattern.length) end++;
    } else if (char === '[') {
      inRange = true;
    } else if (char === ']') {
      inRange = false;
    } else if (char === '*' && !inRange) {
      break;
    }
  }
  return { star: start > from, start, end };
}

/**
 * Where the name continues after `chunk` matches at `at`, or undefined when it does not match. Reads the
 * whole chunk even after a mismatch, so a malformed pattern always throws `BAD_PATTERN`, as in Go.
 */
function matchChunk(chunk: string[], name: string[], at: number): number | undefined {
  let s = at;
  let failed = false;
  let c = 0;
  while (c < chunk.length) {
    if (!failed && s >= name.length) failed = true;
    const term = chunk[c]!;
    if (term === '[') {
      const char = failed ? undefined : name[s++]!.codePointAt(0)!;
      c++;
      const negated = chunk[c] === '^';
      if (negated) c++;
      let matched = false;
      for (let ranges = 0; ; ranges++) {
        if (chunk[c] === ']' && ranges > 0) {
          c++;
          break;
        }
        const lo = classChar(chunk, c);
        let hi = lo;
        c = lo.next;
        if (chunk[c] === '-') {
          hi = classChar(chunk, c + 1);
          c = hi.next;
        }
        if (char !== undefined && lo.char <= char && char <= hi.char) matched = true;
      }
      if (matched === negated) failed = true;
    } else if (term === '?') {
      if (!failed && name[s++] === '/') failed = true;
      c++;
    } else {
      if (term === '\\') {
        c++;
        if (c >= chunk.length) throw BAD_PATTERN;
      }
      if (!failed && chunk[c] !== name[s++]) failed = true;
      c++;
    }
  }
  return failed ? undefined : s;
}

/** Go's `getEsc`: one possibly escaped character of a class, which must not end the pattern. */
function classChar(chunk: string[], at: number): { char: number; next: number } {
  let i = at;
  let char = chunk[i];
  if (char === undefined || char === '-' || char === ']') throw BAD_PATTERN;
  if (char === '\\') {
    char = chunk[++i];
    if (char === undefined) throw BAD_PATTERN;
  }
  if (i + 1 >= chunk.length) throw BAD_PATTERN;
  return { char: char.codePointAt(0)!, next: i + 1 };
}
