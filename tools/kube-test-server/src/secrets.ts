import { column, METADATA_MERGE_LISTS, TYPE_META } from './common-fields.js';
import { isObject, type JsonObject, jsonEqual, own, setOwn, sortedKeys } from './json.js';
import { validateConfigKey, validateDns1123Subdomain } from './names.js';
import { OBJECT_META } from './object-shape.js';
import type { KubeObject, ResourceDefinition } from './resource-definition.js';
import { badRequest, type FieldError } from './status.js';

const MAX_SECRET_BYTES = 1024 * 1024;
const IMMUTABLE = 'field is immutable when `immutable` is set';

/** Keys each built-in Secret type requires (k8s.io/kubernetes/pkg/apis/core/validation ValidateSecret). */
const REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

/** Keys whose value must decode to a JSON object (the Docker config formats). */
const JSON_KEYS: Record<string, string> = {
  'kubernetes.io/dockerconfigjson': '.dockerconfigjson',
  'kubernetes.io/dockercfg': '.dockercfg',
};

export const secrets: ResourceDefinition = {
  name: 'secrets',
  singularName: 'secret',
  kind: 'Secret',
  listKind: 'SecretList',
  group: '',
  apiVersion: 'v1',
  namespaced: true,
  shortNames: [],
  shape: {
    fields: {
      ...TYPE_META,
      metadata: OBJECT_META,
      immutable: 'boolean',
      data: { map: 'string' },
      stringData: { map: 'string' },
      type: 'string',
    },
  },
  mergeLists: METADATA_MERGE_LISTS,
  fieldLabels: {
    'metadata.name': (object) => object.metadata.name,
    'metadata.namespace': (object) => object.metadata.namespace ?? '',
    type: (object) => String(object.type ?? ''),
  },
  columns: [
    column('Type', 'string', 'Used to facilitate programmatic handling of secret data.'),
    column('Data', 'string', 'The number of entries in data.'),
  ],
  cells: (object) => [object.type, Object.keys(isObject(object.data) ? object.data : {}).length],

  prepareBody(candidate) {
    const body: JsonObject = {};
    const immutable = own(candidate, 'immutable');
    if (typeof immutable === 'boolean') body.immutable = immutable;
    // The API stores bytes: data arrives as base64 (decoded, so re-encoded canonically here), and
    // stringData is a write-only convenience merged over it and never stored.
    const data: JsonObject = {};
    const given = own(candidate, 'data');
    if (isObject(given)) {
      for (const key of Object.keys(given)) setOwn(data, key, canonicalBase64(given[key] as string | null));
    }
    const stringData = own(candidate, 'stringData');
    if (isObject(stringData)) {
      for (const key of Object.keys(stringData)) {
        setOwn(data, key, Buffer.from((stringData[key] as string | null) ?? '', 'utf8').toString('base64'));
      }
    }
    if (Object.keys(data).length > 0) body.data = sortedKeys(data);
    const type = own(candidate, 'type');
    body.type = typeof type === 'string' && type !== '' ? type : 'Opaque';
    return body;
  },

  validateName: validateDns1123Subdomain,

  validate(object, existing) {
    const errors: FieldError[] = [];
    const data = (isObject(object.data) ? object.data : {}) as Record<string, string>;
    let size = 0;
    for (const key of Object.keys(data)) {
      const why = validateConfigKey(key);
      if (why) errors.push({ type: 'FieldValueInvalid', field: `data[${key}]`, value: key, detail: why });
      size += Buffer.byteLength(data[key] as string, 'base64');
    }
    if (size > MAX_SECRET_BYTES) {
      errors.push({
        type: 'FieldValueTooLong',
        field: 'data',
        detail: `must have at most ${MAX_SECRET_BYTES} bytes`,
      });
    }
    const type = object.type as string;
    for (const key of REQUIRED_KEYS[type] ?? []) {
      if (!Object.hasOwn(data, key)) errors.push({ type: 'FieldValueRequired', field: `data[${key}]` });
    }
    const jsonKey = JSON_KEYS[type];
    if (jsonKey !== undefined && Object.hasOwn(data, jsonKey)) {
      const why = jsonObjectError(Buffer.from(data[jsonKey] as string, 'base64').toString('utf8'));
      // Never echo a credential: the real server redacts the value in this message too.
      if (why)
        errors.push({
          type: 'FieldValueInvalid',
          field: `data[${jsonKey}]`,
          value: '<secret contents redacted>',
          detail: why,
        });
    }
    if (existing) errors.push(...immutableFieldErrors(object, existing));
    return errors;
  },
};

function immutableFieldErrors(object: KubeObject, existing: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  if (object.type !== existing.type) {
    errors.push({
      type: 'FieldValueInvalid',
      field: 'type',
      value: String(object.type),
      detail: 'field is immutable',
    });
  }
  if (existing.immutable === true) {
    if (!jsonEqual(object.data ?? {}, existing.data ?? {})) {
      errors.push({ type: 'FieldValueForbidden', field: 'data', detail: IMMUTABLE });
    }
    if (object.immutable !== true)
      errors.push({ type: 'FieldValueForbidden', field: 'immutable', detail: IMMUTABLE });
  }
  return errors;
}

function jsonObjectError(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // V8's messages quote the text, which is a credential here: keep only where parsing stopped.
    if (text.trim() === '') return 'unexpected end of JSON input';
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    return position === undefined ? 'invalid JSON' : `invalid JSON at byte ${position}`;
  }
  return isObject(parsed)
    ? undefined
    : `json: cannot unmarshal ${Array.isArray(parsed) ? 'array' : typeof parsed} into Go value of type map[string]interface {}`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes as Go's base64.StdEncoding does when it unmarshals []byte (padding required, CR and LF
 * skipped) and re-encodes, so what is stored is what the real server would return. Not base64: the
 * decoder's 400.
 */
function canonicalBase64(value: string | null): string {
  if (value === null) return '';
  const stripped = value.replace(/[\r\n]/g, '');
  if (!BASE64.test(stripped)) {
    // Where Go's decoder stops: the first byte outside the alphabet, else a misplaced "=", else the end.
    const outside = stripped.search(/[^A-Za-z0-9+/=]/);
    const padding = stripped.indexOf('=');
    const offset =
      outside >= 0 ? outside : padding >= 0 && padding < stripped.length - 2 ? padding : stripped.length;
    throw badRequest(
      `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${offset}`,
    );
  }
  return Buffer.from(stripped, 'base64').toString('base64');
}
