import type { ManifestDocument } from './read-manifests.js';

/**
 * The documents as text again. YAML: each file's text with the changes made to it and nothing else
 * (comments, order, quoting and indentation as the user wrote them), files joined by `---`. JSON: one
 * object, or a `v1` `List` of several, as kubectl prints them.
 */
export function writeManifests(
  documents: readonly ManifestDocument[],
  format: 'yaml' | 'json' = 'yaml',
): string {
  if (format === 'json') {
    const objects = documents.filter((d) => !d.empty).map((d) => d.document.toJS() as object);
    const body = objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects };
    return `${JSON.stringify(body, null, 4)}\n`;
  }
  const files: ManifestDocument['file'][] = [];
  for (const d of documents) if (!files.includes(d.file)) files.push(d.file);
  return files
    .map((file, i) => {
      const edits = documents
        .filter((d) => d.file === file)
        .flatMap((d) => d.edits)
        .map((edit, order) => ({ ...edit, order }))
        .sort((a, b) => a.start - b.start || a.order - b.order);
      let out = '';
      let at = 0;
      for (const edit of edits) {
        out += file.text.slice(at, edit.start) + edit.text;
        at = Math.max(at, edit.end);
      }
      out += file.text.slice(at);
      if (out !== '' && !out.endsWith('\n')) out += '\n';
      return i === 0 || out.startsWith('---') ? out : `---\n${out}`;
    })
    .join('');
}
