// Characters that can move the cursor, clear or recolour a terminal, start a new line (and with it a
// GitHub workflow command such as `::add-mask::`), or reorder what is shown (bidi controls): C0, DEL,
// C1, the Unicode line and paragraph separators, the bidi embeddings, overrides, isolates and marks,
// and the byte order mark.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const SHORT: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text from outside (a file, a registry, the API server, a webhook) as it may be shown on one line of a
 * terminal or a workflow log: every character of `UNSAFE` written visibly as `\n`, `\r`, `\t` or
 * `\uXXXX`, so that it can neither fake output nor be read as a workflow command. Everything else,
 * other scripts and emoji included, is kept. One argument only: it is passed to `map` as it is.
 */
export function showUntrusted(text: string): string {
  return text.replace(UNSAFE, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** `showUntrusted` for a message that quotes outside text: cut at `maxLength` characters first (`…`). */
export function showUntrustedClipped(text: string, maxLength: number): string {
  return showUntrusted(text.length > maxLength ? `${text.slice(0, maxLength)}…` : text);
}
