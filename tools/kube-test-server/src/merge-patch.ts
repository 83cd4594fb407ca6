import { cloneJson, isObject, own, setOwn } from './json.js';

/**
 * RFC 7386 JSON merge patch (application/merge-patch+json): objects merge recursively, null deletes a
 * key, anything else (lists included) replaces.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === null) delete result[key];
    else setOwn(result, key, applyMergePatch(own(result, key), value));
  }
  return result;
}
