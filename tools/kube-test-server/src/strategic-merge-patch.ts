import { cloneJson, isObject, own, setOwn } from './json.js';
import { badRequest } from './status.js';

/**
 * Which lists of a kind merge rather than replace, by dotted field path from the object's root, with
 * the key that identifies an entry (the Go struct tags `patchStrategy:"merge" patchMergeKey:"name"`).
 * A list with no merge key is a set of primitives (metadata.finalizers). Every other list is replaced.
 */
export type MergeLists = Record<string, { mergeKey?: string }>;

const DELETE = Symbol('delete');
const SET_ELEMENT_ORDER = '$setElementOrder/';
const DELETE_FROM_PRIMITIVE_LIST = '$deleteFromPrimitiveList/';

/**
 * A strategic merge patch (application/strategic-merge-patch+json), as kubectl patch and client-side
 * kubectl apply send it: maps merge recursively, null deletes, lists named in `mergeLists` merge by
 * their key, other lists replace, and the directives $patch (merge/replace/delete), $retainKeys,
 * $setElementOrder/ and $deleteFromPrimitiveList/ are honoured.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, mergeLists: MergeLists): unknown {
  if (!isObject(patch)) throw badRequest('the strategic merge patch must be a JSON object');
  const merged = mergeMap(isObject(original) ? original : {}, patch, '', mergeLists);
  return merged === DELETE ? {} : merged;
}

function mergeMap(
  original: Record<string, unknown>,
  patch: Record<string, unknown>,
  path: string,
  mergeLists: MergeLists,
): Record<string, unknown> | typeof DELETE {
  const directive = own(patch, '$patch');
  if (directive === 'delete') return DELETE;
  if (directive === 'replace') return stripDirectives(patch);
  if (directive !== undefined && directive !== 'merge') {
    throw badRequest(`Unknown patch type: ${String(directive)}`);
  }

  const result: Record<string, unknown> = { ...original };
  const retainKeys = own(patch, '$retainKeys');
  if (retainKeys !== undefined) {
    if (!Array.isArray(retainKeys)) throw badRequest('$retainKeys must be a list of field names');
    for (const key of Object.keys(result)) if (!retainKeys.includes(key)) delete result[key];
  }

  const orders: [string, unknown][] = [];
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      orders.push([key.slice(SET_ELEMENT_ORDER.length), value]);
      continue;
    }
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      const current = own(result, field);
      if (!Array.isArray(value)) throw badRequest(`${key} must be a list`);
      if (Array.isArray(current))
        setOwn(
          result,
          field,
          current.filter((item) => !value.includes(item)),
        );
      continue;
    }
    const fieldPath = path ? `${path}.${key}` : key;
    const current = own(result, key);
    if (value === null) {
      delete result[key];
    } else if (isObject(value)) {
      const merged = mergeMap(isObject(current) ? current : {}, value, fieldPath, mergeLists);
      if (merged === DELETE) delete result[key];
      else setOwn(result, key, merged);
    } else if (Array.isArray(value)) {
      const spec = mergeLists[fieldPath];
      const list = spec
        ? mergeList(Array.isArray(current) ? current : [], value, fieldPath, spec.mergeKey, mergeLists)
        : value.map(stripDirectivesDeep);
      setOwn(result, key, list);
    } else {
      setOwn(result, key, value);
    }
  }

  for (const [field, order] of orders) {
    const list = own(result, field);
    if (!Array.isArray(order)) throw badRequest(`${SET_ELEMENT_ORDER}${field} must be a list`);
    if (Array.isArray(list))
      setOwn(result, field, reorder(list, order, mergeLists[path ? `${path}.${field}` : field]?.mergeKey));
  }
  return result;
}

function mergeList(
  original: unknown[],
  patch: unknown[],
  path: string,
  mergeKey: string | undefined,
  mergeLists: MergeLists,
): unknown[] {
  if (patch.some((item) => isObject(item) && own(item, '$patch') === 'replace')) {
    return patch
      .filter((item) => !(isObject(item) && own(item, '$patch') === 'replace'))
      .map(stripDirectivesDeep);
  }
  if (mergeKey === undefined) {
    // A set of primitives: add what is missing, keep the order the server had.
    const result = [...original];
    for (const item of patch) if (!result.includes(item)) result.push(item);
    return result;
  }
  const result = original.map((item) => cloneJson(item));
  for (const item of patch) {
    if (!isObject(item))
      throw badRequest(`${path}: list entries must be objects with the merge key "${mergeKey}"`);
    const key = own(item, mergeKey);
    if (key === undefined)
      throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const index = result.findIndex((entry) => isObject(entry) && own(entry, mergeKey) === key);
    if (own(item, '$patch') === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) {
      const merged = mergeMap(result[index] as Record<string, unknown>, item, path, mergeLists);
      if (merged === DELETE) result.splice(index, 1);
      else result[index] = merged;
    } else {
      result.push(stripDirectives(item));
    }
  }
  return result;
}

/** Sorts `list` by the positions `order` gives; entries it does not name stay after their predecessor. */
function reorder(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (item: unknown) => (mergeKey !== undefined && isObject(item) ? own(item, mergeKey) : item);
  const positions = order.map(keyOf);
  let previous = -1;
  const ranked = list.map((item, index) => {
    const position = positions.indexOf(keyOf(item));
    if (position >= 0) previous = position;
    return { item, rank: position >= 0 ? position : previous + 0.5, index };
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return ranked.map(({ item }) => item);
}

function stripDirectives(map: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(map)) {
    if (key.startsWith('$')) continue;
    const value = map[key];
    if (value !== null) setOwn(result, key, stripDirectivesDeep(value));
  }
  return result;
}

function stripDirectivesDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectivesDeep);
  return isObject(value) ? stripDirectives(value) : value;
}
