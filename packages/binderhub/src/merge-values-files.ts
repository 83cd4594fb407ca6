import { isObject, readValues, type Values, type ValuesFile } from './read-values-files.js';

/** Values as Helm sees them after `-f a.yaml -f b.yaml`, and which file set each key. */
export interface MergedValues {
  values: Values;
  /** The file that last set `path` (`registry.url`) or its nearest parent; the first file if none. */
  fileOf(path: string): string;
}

/**
 * Merges the documents of the files in order as Helm merges repeated `-f`: mappings merge key by key,
 * anything else (lists included) is replaced by the later file's value.
 */
export function mergeValuesFiles(files: readonly ValuesFile[]): MergedValues {
  const values: Values = {};
  const origins = new Map<string, string>();
  for (const file of files) {
    for (const document of readValues(file)) mergeInto(values, document, '', file.name, origins);
  }
  return {
    values,
    fileOf(path) {
      for (let at = path; at !== ''; at = at.includes('.') ? at.slice(0, at.lastIndexOf('.')) : '') {
        const file = origins.get(at);
        if (file !== undefined) return file;
      }
      return files[0]?.name ?? '';
    },
  };
}

function mergeInto(
  target: Values,
  source: Values,
  prefix: string,
  file: string,
  origins: Map<string, string>,
) {
  for (const [key, value] of Object.entries(source)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    const existing = target[key];
    if (isObject(value) && isObject(existing)) {
      mergeInto(existing, value, path, file, origins);
      continue;
    }
    target[key] = isObject(value) ? {} : value;
    origins.set(path, file);
    if (isObject(value)) mergeInto(target[key] as Values, value, path, file, origins);
  }
}
