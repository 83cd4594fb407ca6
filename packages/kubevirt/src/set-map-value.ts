import { isPair, isScalar, Scalar, stringify, type YAMLMap } from 'yaml';
import type { ManifestDocument } from './read-manifests.js';

/** A change to a manifest file's text: `text` in place of [start, end). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * Sets `key` to the string `value` in `map`, both in the parsed document (for JSON output and checks)
 * and as an edit of the file's text, so that everything else stays byte for byte as the user wrote it:
 * a value already there is replaced in its own quoting style; a new key goes on a line of its own after
 * the map's last entry, at its indentation (in a flow map, `{…}`, before the closing brace).
 */
export function setMapValue(manifest: ManifestDocument, map: YAMLMap, key: string, value: string): void {
  const text = manifest.file.text;
  const pair = map.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === key);
  const existing = pair?.value;
  if (pair && isScalar(existing) && existing.range && existing.range[1] > existing.range[0]) {
    manifest.edits.push({
      start: existing.range[0],
      end: existing.range[1],
      text: scalarText(value, existing.type),
    });
  } else if (pair && isScalar(pair.key) && pair.key.range) {
    // `key:` with no value: the whole entry is written again.
    const end = isScalar(existing) && existing.range ? existing.range[1] : pair.key.range[2];
    const keyText = text.slice(pair.key.range[0], pair.key.range[1]);
    manifest.edits.push({ start: pair.key.range[0], end, text: `${keyText}: ${scalarText(value)}` });
  } else if (map.flow && map.range) {
    const close = text.lastIndexOf('}', map.range[1] - 1);
    const empty = map.items.length === 0;
    manifest.edits.push({
      start: close,
      end: close,
      text: `${empty ? '' : ', '}${JSON.stringify(key)}: ${JSON.stringify(value)}`,
    });
  } else {
    const ranged = map.items.filter((item) => isPair(item) && isScalar(item.key) && item.key.range);
    const first = ranged[0]?.key as Scalar | undefined;
    const last = ranged.at(-1);
    if (!first?.range || !last) throw new Error('cannot place a key in an empty block mapping');
    const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
    const indent = ' '.repeat(first.range[0] - lineStart);
    const lastKey = last.key as Scalar;
    const valueEnd = ((last.value as Scalar | null)?.range ?? lastKey.range!)[1];
    const line = `${indent}${scalarText(key)}: ${scalarText(value)}`;
    if (text[valueEnd - 1] === '\n') {
      manifest.edits.push({ start: valueEnd, end: valueEnd, text: `${line}\n` });
    } else {
      const newline = text.indexOf('\n', valueEnd);
      if (newline === -1) manifest.edits.push({ start: text.length, end: text.length, text: `\n${line}` });
      else manifest.edits.push({ start: newline + 1, end: newline + 1, text: `${line}\n` });
    }
  }
  map.set(key, value);
}

/** A string as a YAML scalar: in the given quoting style, or plain where YAML 1.1 (kubectl) reads it back as the same string. */
function scalarText(value: string, style?: Scalar['type']): string {
  if (style === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  return stringify(value, { version: '1.1', lineWidth: 0 }).trimEnd();
}
