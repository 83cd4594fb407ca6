import { cloneJson, isObject, jsonEqual, own, setOwn } from './json.js';
import { ApiError, badRequest } from './status.js';

// RFC 6902 JSON Patch (application/json-patch+json). The API server decodes the patch first (a bad
// patch is 400 BadRequest) and then applies it to the object's JSON (an operation that does not apply
// is 422, reason Invalid), which is what this does.

type Operation = { op: string; path: string; from?: string; value?: unknown };

const ROOT = Symbol('root');

export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  const operations = decodeOperations(patch);
  // A box around the document, so an operation on "" (the whole document) is one more parent/key case.
  const box: { [ROOT]: unknown } = { [ROOT]: cloneJson(document) };
  for (const operation of operations) applyOperation(box, operation);
  return box[ROOT];
}

function decodeOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) {
    throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  }
  return patch.map((entry) => {
    if (!isObject(entry) || typeof own(entry, 'op') !== 'string' || typeof own(entry, 'path') !== 'string') {
      throw badRequest(`invalid JSON patch operation: ${JSON.stringify(entry)}`);
    }
    const operation: Operation = { op: entry.op as string, path: entry.path as string };
    if (Object.hasOwn(entry, 'value')) operation.value = entry.value;
    if (typeof own(entry, 'from') === 'string') operation.from = entry.from as string;
    return operation;
  });
}

function fail(message: string): ApiError {
  return new ApiError(422, 'Invalid', message);
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw fail(`JSON pointer ${JSON.stringify(pointer)} must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

type Container = { [key: string]: unknown } | unknown[] | { [ROOT]: unknown };
type Location = { parent: Container; key: string | typeof ROOT };

/** The parent of the pointer's target and the last token; `op` names the operation in errors. */
function locate(box: { [ROOT]: unknown }, pointer: string, op: string): Location {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return { parent: box, key: ROOT };
  let parent: unknown = box[ROOT];
  for (const token of tokens.slice(0, -1)) {
    const next = child(parent, token);
    if (next === undefined) throw fail(`${op} operation does not apply: doc is missing path: ${pointer}`);
    parent = next;
  }
  if (!isObject(parent) && !Array.isArray(parent)) {
    throw fail(`${op} operation does not apply: doc is missing path: ${pointer}`);
  }
  return { parent, key: tokens[tokens.length - 1] as string };
}

function child(container: unknown, token: string): unknown {
  if (Array.isArray(container)) {
    const index = arrayIndex(token, container.length - 1);
    return index === undefined ? undefined : container[index];
  }
  return isObject(container) ? own(container, token) : undefined;
}

function arrayIndex(token: string, max: number): number | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  const index = Number(token);
  return index <= max ? index : undefined;
}

function read({ parent, key }: Location, pointer: string, op: string): unknown {
  const value =
    key === ROOT ? (parent as { [ROOT]: unknown })[ROOT] : child(parent as Record<string, unknown>, key);
  if (value === undefined) throw fail(`${op} operation does not apply: doc is missing key: ${pointer}`);
  return value;
}

function add({ parent, key }: Location, value: unknown, pointer: string): void {
  if (key === ROOT) {
    (parent as { [ROOT]: unknown })[ROOT] = value;
  } else if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : arrayIndex(key, parent.length);
    if (index === undefined) throw fail(`add operation does not apply: index out of bounds: ${pointer}`);
    parent.splice(index, 0, value);
  } else {
    setOwn(parent as Record<string, unknown>, key, value);
  }
}

function remove(location: Location, pointer: string, op: string): unknown {
  const value = read(location, pointer, op);
  const { parent, key } = location;
  if (key === ROOT) (parent as { [ROOT]: unknown })[ROOT] = null;
  else if (Array.isArray(parent)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, unknown>)[key];
  return value;
}

function applyOperation(box: { [ROOT]: unknown }, operation: Operation): void {
  const { op, path } = operation;
  const needsValue = op === 'add' || op === 'replace' || op === 'test';
  if (needsValue && !Object.hasOwn(operation, 'value')) throw badRequest(`${op} operation has no value`);
  if ((op === 'move' || op === 'copy') && operation.from === undefined) {
    throw badRequest(`${op} operation has no from`);
  }
  switch (op) {
    case 'add':
      add(locate(box, path, op), cloneJson(operation.value), path);
      return;
    case 'remove':
      remove(locate(box, path, op), path, op);
      return;
    case 'replace': {
      const location = locate(box, path, op);
      remove(location, path, op);
      add(location, cloneJson(operation.value), path);
      return;
    }
    case 'move': {
      const from = operation.from as string;
      if (path.startsWith(`${from}/`)) throw fail(`move operation does not apply: ${path} is inside ${from}`);
      const value = remove(locate(box, from, op), from, op);
      add(locate(box, path, op), value, path);
      return;
    }
    case 'copy': {
      const from = operation.from as string;
      const value = read(locate(box, from, op), from, op);
      add(locate(box, path, op), cloneJson(value), path);
      return;
    }
    case 'test': {
      const location = locate(box, path, op);
      const actual =
        location.key === ROOT ? box[ROOT] : child(location.parent as Record<string, unknown>, location.key);
      if (!jsonEqual(actual, operation.value)) throw fail(`testing value ${path} failed: test failed`);
      return;
    }
    default:
      throw badRequest(`Unexpected kind: ${op}`);
  }
}
