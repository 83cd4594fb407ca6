import { column, METADATA_MERGE_LISTS, TYPE_META } from './common-fields.js';
import { isObject, type JsonObject, sortedKeys } from './json.js';
import { validateDns1123Label } from './names.js';
import { OBJECT_META } from './object-shape.js';
import type { ResourceDefinition } from './resource-definition.js';

/** The label the API server puts on every namespace (since 1.21), so selectors can pick namespaces by name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export const namespaces: ResourceDefinition = {
  name: 'namespaces',
  singularName: 'namespace',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  group: '',
  apiVersion: 'v1',
  namespaced: false,
  shortNames: ['ns'],
  shape: {
    fields: {
      ...TYPE_META,
      metadata: OBJECT_META,
      spec: { fields: { finalizers: { list: 'string' } } },
      status: { fields: { phase: 'string', conditions: { list: 'any' } } },
    },
  },
  mergeLists: METADATA_MERGE_LISTS,
  fieldLabels: {
    'metadata.name': (object) => object.metadata.name,
    'status.phase': (object) => String((object.status as JsonObject | undefined)?.phase ?? ''),
  },
  columns: [column('Status', 'string', 'The status of the namespace')],
  cells: (object) => [(object.status as JsonObject | undefined)?.phase ?? ''],

  prepareBody(candidate, existing) {
    // spec.finalizers changes only through /finalize and status only through /status: a write to the
    // namespace itself keeps both, as the real namespace strategy does.
    if (existing) return { spec: existing.spec, status: existing.status };
    const spec = isObject(candidate.spec) ? candidate.spec : {};
    const finalizers = Array.isArray(spec.finalizers) ? [...(spec.finalizers as string[])] : [];
    if (!finalizers.includes('kubernetes')) finalizers.push('kubernetes');
    return { spec: { finalizers }, status: { phase: 'Active' } };
  },

  adjustMetadata(metadata) {
    metadata.labels = sortedKeys({ ...metadata.labels, [NAMESPACE_NAME_LABEL]: metadata.name }) as Record<
      string,
      string
    >;
  },

  validateName: validateDns1123Label,
  validate: () => [],
};
