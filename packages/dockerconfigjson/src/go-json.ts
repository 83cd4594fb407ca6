const HEX = '0123456789abcdef';

/**
 * A JSON string literal exactly as Go's `json.Marshal` writes it: `<`, `>`, `&` as `\u003c` `\u003e`
 * `\u0026`, U+2028 and U+2029 escaped, control characters as `\b \f \n \r \t` or `\u00XX`, invalid
 * UTF-16 (a lone surrogate) as `\ufffd`, every other character as itself.
 */
export function goJsonString(value: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    let replacement: string | undefined;
    if (unit < 0x20 || unit === 0x22 || unit === 0x5c || unit === 0x3c || unit === 0x3e || unit === 0x26) {
      replacement = shortEscape(unit) ?? `\\u00${HEX[unit >> 4]}${HEX[unit & 0xf]}`;
    } else if (unit === 0x2028 || unit === 0x2029) {
      replacement = `\\u${unit.toString(16)}`;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      const next = value.charCodeAt(i + 1);
      if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      replacement = '\\ufffd';
    }
    if (replacement !== undefined) {
      out += value.slice(start, i) + replacement;
      start = i + 1;
    }
  }
  return `${out + value.slice(start)}"`;
}

function shortEscape(unit: number): string | undefined {
  switch (unit) {
    case 0x22:
      return '\\"';
    case 0x5c:
      return '\\\\';
    case 0x08:
      return '\\b';
    case 0x0c:
      return '\\f';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    case 0x09:
      return '\\t';
    default:
      return undefined;
  }
}

/** Go sorts map keys by their UTF-8 bytes, which is code-point order, not JavaScript's UTF-16 order. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
