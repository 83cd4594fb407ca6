import { isObject } from './json.js';
import { badRequest } from './status.js';

/**
 * The Go type of each field, as far as decoding needs it: a value of the wrong JSON type is a 400
 * ("cannot be handled as a Secret"), a field the type does not have is an unknown field (rejected,
 * warned about or ignored by the request's fieldValidation). null is every type's zero value.
 */
export type Shape =
  | 'string'
  | 'boolean'
  | 'integer'
  | 'any'
  | { map: 'string' }
  | { list: Shape }
  | { fields: Record<string, Shape> };

const GO_TYPES: Record<string, string> = {
  string: 'string',
  boolean: 'bool',
  integer: 'int64',
};

function goType(shape: Shape): string {
  if (typeof shape === 'string') return GO_TYPES[shape] ?? 'interface {}';
  if ('map' in shape) return 'map[string]string';
  if ('list' in shape) return `[]${goType(shape.list)}`;
  return 'struct';
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/**
 * Checks `value` against `shape` and returns the paths of unknown fields. Throws the 400 the API
 * server's decoder gives for a type mismatch.
 */
export function checkShape(kind: string, value: unknown, shape: Shape, path = ''): string[] {
  const mismatch = () =>
    badRequest(
      `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonType(value)} into Go struct field ${kind}${path ? `.${path}` : ''} of type ${goType(shape)}`,
    );
  if (value === null || shape === 'any') return [];
  if (shape === 'string' || shape === 'boolean') {
    if (typeof value !== (shape === 'string' ? 'string' : 'boolean')) throw mismatch();
    return [];
  }
  if (shape === 'integer') {
    if (!Number.isInteger(value)) throw mismatch();
    return [];
  }
  if ('map' in shape) {
    if (!isObject(value)) throw mismatch();
    for (const key of Object.keys(value)) {
      const entry = value[key];
      if (entry !== null && typeof entry !== 'string') {
        throw badRequest(
          `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${jsonType(entry)} into Go struct field ${kind}.${path} of type string`,
        );
      }
    }
    return [];
  }
  if ('list' in shape) {
    if (!Array.isArray(value)) throw mismatch();
    return value.flatMap((item, index) => checkShape(kind, item, shape.list, `${path}[${index}]`));
  }
  if (!isObject(value)) throw mismatch();
  const unknown: string[] = [];
  for (const key of Object.keys(value)) {
    const fieldPath = path ? `${path}.${key}` : key;
    const fieldShape = Object.hasOwn(shape.fields, key) ? shape.fields[key] : undefined;
    if (fieldShape === undefined) unknown.push(fieldPath);
    else unknown.push(...checkShape(kind, value[key], fieldShape, fieldPath));
  }
  return unknown;
}

export const OBJECT_META: Shape = {
  fields: {
    name: 'string',
    generateName: 'string',
    namespace: 'string',
    selfLink: 'string',
    uid: 'string',
    resourceVersion: 'string',
    generation: 'integer',
    creationTimestamp: 'string',
    deletionTimestamp: 'string',
    deletionGracePeriodSeconds: 'integer',
    labels: { map: 'string' },
    annotations: { map: 'string' },
    ownerReferences: {
      list: {
        fields: {
          apiVersion: 'string',
          kind: 'string',
          name: 'string',
          uid: 'string',
          controller: 'boolean',
          blockOwnerDeletion: 'boolean',
        },
      },
    },
    finalizers: { list: 'string' },
    managedFields: { list: 'any' },
  },
};
