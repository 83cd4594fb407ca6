import { InvalidInputError, showUntrusted } from '@pull-secret/dockerconfigjson';
import { isMap, parseAllDocuments } from 'yaml';

/** A values file as read: its name (for messages) and text. */
export interface ValuesFile {
  name: string;
  text: string;
}

export type Values = Record<string, unknown>;

export const isObject = (value: unknown): value is Values =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The documents of a Helm values file, each a mapping. Throws InvalidInputError (one sentence and a
 * hint, no content of the file) for a file that is not YAML or not a mapping.
 */
export function readValues(file: ValuesFile): Values[] {
  const name = showUntrusted(file.name);
  const documents = parseAllDocuments(file.text, { uniqueKeys: false });
  const list = Array.isArray(documents) ? documents : [documents];
  const out: Values[] = [];
  for (const document of list) {
    const error = document.errors[0];
    if (error) {
      throw new InvalidInputError(
        'VALUES_UNREADABLE',
        `${name} is not valid YAML (${showUntrusted(error.message.split('\n')[0] ?? '')}).`,
        {
          hint: 'Give the Helm values file as YAML; helm itself reads it the same way.',
        },
      );
    }
    const contents = document.contents;
    if (contents === null) continue;
    if (!isMap(contents)) {
      throw new InvalidInputError('VALUES_NOT_MAPPING', `${name} is not a mapping of Helm values.`, {
        hint: 'A values file maps keys to values, for example imagePullSecret: {create: true, …}.',
      });
    }
    out.push(document.toJS() as Values);
  }
  return out;
}
