import { InvalidInputError } from '@pull-secret/dockerconfigjson';
import { type Document, isMap, isScalar, parseAllDocuments } from 'yaml';
import { printable } from './printable.js';
import type { TextEdit } from './set-map-value.js';

/** One YAML document of a manifest file, kept as a `yaml` Document so comments, order and quoting survive. */
export interface ManifestDocument {
  /** The file it came from, as the user named it (`vm.yaml`, `(stdin)`). */
  source: string;
  /** The whole file it is part of: edits are made to this text, so that what was not changed stays as it was. */
  file: { readonly source: string; readonly text: string };
  /** The changes made to the file's text in this document, in the order made. */
  edits: TextEdit[];
  /** Its place in the file, from 1, as people count documents. */
  index: number;
  document: Document;
  /** Empty (only comments, or a stray `---`): written back as it was, and otherwise left alone. */
  empty: boolean;
}

/**
 * The documents of a manifest file (YAML, or JSON, which is YAML), read as kubectl reads them (YAML
 * 1.1: `on` is a boolean). Text that is not YAML, or a document that is not an object with a `kind`, is
 * bad input: pull-secret could not say what it would change.
 */
export function readManifests(text: string, source: string): ManifestDocument[] {
  const documents = parseAllDocuments(text, { version: '1.1', prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [];
  const file = { source, text };
  return list.map((document, i) => {
    const index = i + 1;
    const error = document.errors[0];
    if (error) {
      const line = error.linePos?.[0].line;
      throw new InvalidInputError(
        'MANIFEST_NOT_YAML',
        `${printable(source)} is not YAML${line === undefined ? '' : ` (line ${line})`}: ${printable((error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, ''))}.`,
        { hint: 'Give KubeVirt or CDI manifests in YAML or JSON, documents separated by ---.' },
      );
    }
    if (document.contents === null || (isScalar(document.contents) && document.contents.value === null))
      return { source, file, edits: [], index, document, empty: true };
    if (!isMap(document.contents)) {
      throw new InvalidInputError(
        'MANIFEST_NOT_OBJECT',
        `Document ${index} of ${printable(source)} is not a Kubernetes object (a mapping with kind and apiVersion).`,
        { hint: 'Give KubeVirt or CDI manifests in YAML or JSON, documents separated by ---.' },
      );
    }
    const kind = document.get('kind');
    if (typeof kind !== 'string' || kind === '') {
      throw new InvalidInputError(
        'MANIFEST_NO_KIND',
        `Document ${index} of ${printable(source)} has no kind.`,
        {
          hint: 'Each document needs apiVersion and kind, e.g. kind: VirtualMachine.',
        },
      );
    }
    return { source, file, edits: [], index, document, empty: false };
  });
}
