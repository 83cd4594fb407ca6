import { column, METADATA_MERGE_LISTS, TYPE_META } from './common-fields.js';
import { isObject, type JsonObject, jsonEqual, own, setOwn, sortedKeys } from './json.js';
import { validateConfigKey, validateDns1123Subdomain } from './names.js';
import { OBJECT_META } from './object-shape.js';
import type { ResourceDefinition } from './resource-definition.js';
import { badRequest, type FieldError } from './status.js';

const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
const IMMUTABLE = 'field is immutable when `immutable` is set';

export const configMaps: ResourceDefinition = {
  name: 'configmaps',
  singularName: 'configmap',
  kind: 'ConfigMap',
  listKind: 'ConfigMapList',
  group: '',
  apiVersion: 'v1',
  namespaced: true,
  shortNames: ['cm'],
  shape: {
    fields: {
      ...TYPE_META,
      metadata: OBJECT_META,
      immutable: 'boolean',
      data: { map: 'string' },
      binaryData: { map: 'string' },
    },
  },
  mergeLists: METADATA_MERGE_LISTS,
  fieldLabels: {
    'metadata.name': (object) => object.metadata.name,
    'metadata.namespace': (object) => object.metadata.namespace ?? '',
  },
  columns: [column('Data', 'string', 'The number of entries in data and binaryData.')],
  cells: (object) => [
    Object.keys(isObject(object.data) ? object.data : {}).length +
      Object.keys(isObject(object.binaryData) ? object.binaryData : {}).length,
  ],

  prepareBody(candidate) {
    const body: JsonObject = {};
    const immutable = own(candidate, 'immutable');
    if (typeof immutable === 'boolean') body.immutable = immutable;
    const data = own(candidate, 'data');
    if (isObject(data) && Object.keys(data).length > 0) {
      const copy: JsonObject = {};
      for (const key of Object.keys(data)) setOwn(copy, key, (data[key] as string | null) ?? '');
      body.data = sortedKeys(copy);
    }
    const binary = own(candidate, 'binaryData');
    if (isObject(binary) && Object.keys(binary).length > 0) {
      const copy: JsonObject = {};
      for (const key of Object.keys(binary)) {
        const value = ((binary[key] as string | null) ?? '').replace(/[\r\n]/g, '');
        // binaryData is []byte: base64 as Go decodes it, stored canonically.
        if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value)) {
          throw badRequest('ConfigMap in version "v1" cannot be handled as a ConfigMap: illegal base64 data');
        }
        setOwn(copy, key, Buffer.from(value, 'base64').toString('base64'));
      }
      body.binaryData = sortedKeys(copy);
    }
    return body;
  },

  validateName: validateDns1123Subdomain,

  // k8s.io/kubernetes/pkg/apis/core/validation ValidateConfigMap.
  validate(object, existing) {
    const errors: FieldError[] = [];
    const data = (isObject(object.data) ? object.data : {}) as Record<string, string>;
    const binary = (isObject(object.binaryData) ? object.binaryData : {}) as Record<string, string>;
    let size = 0;
    for (const [field, map] of [
      ['data', data],
      ['binaryData', binary],
    ] as const) {
      for (const key of Object.keys(map)) {
        const why = validateConfigKey(key);
        if (why)
          errors.push({ type: 'FieldValueInvalid', field: `${field}[${key}]`, value: key, detail: why });
        size +=
          key.length +
          (field === 'data' ? Buffer.byteLength(map[key]!, 'utf8') : Buffer.byteLength(map[key]!, 'base64'));
      }
    }
    for (const key of Object.keys(data)) {
      if (Object.hasOwn(binary, key)) {
        errors.push({
          type: 'FieldValueInvalid',
          field: `data[${key}]`,
          value: key,
          detail: 'duplicate of key present in binaryData',
        });
      }
    }
    if (size > MAX_CONFIG_MAP_BYTES) {
      errors.push({
        type: 'FieldValueTooLong',
        field: '',
        detail: `must have at most ${MAX_CONFIG_MAP_BYTES} bytes`,
      });
    }
    if (existing?.immutable === true) {
      if (!jsonEqual(object.data ?? {}, existing.data ?? {}))
        errors.push({ type: 'FieldValueForbidden', field: 'data', detail: IMMUTABLE });
      if (!jsonEqual(object.binaryData ?? {}, existing.binaryData ?? {}))
        errors.push({ type: 'FieldValueForbidden', field: 'binaryData', detail: IMMUTABLE });
      if (object.immutable !== true)
        errors.push({ type: 'FieldValueForbidden', field: 'immutable', detail: IMMUTABLE });
    }
    return errors;
  },
};
