import { column, METADATA_MERGE_LISTS, TYPE_META } from './common-fields.js';
import { isObject, type JsonObject, own } from './json.js';
import { validateDns1123Subdomain } from './names.js';
import { OBJECT_META } from './object-shape.js';
import type { ResourceDefinition } from './resource-definition.js';

const OBJECT_REFERENCE = {
  fields: {
    kind: 'string',
    namespace: 'string',
    name: 'string',
    uid: 'string',
    apiVersion: 'string',
    resourceVersion: 'string',
    fieldPath: 'string',
  },
} as const;

export const serviceAccounts: ResourceDefinition = {
  name: 'serviceaccounts',
  singularName: 'serviceaccount',
  kind: 'ServiceAccount',
  listKind: 'ServiceAccountList',
  group: '',
  apiVersion: 'v1',
  namespaced: true,
  shortNames: ['sa'],
  shape: {
    fields: {
      ...TYPE_META,
      metadata: OBJECT_META,
      secrets: { list: OBJECT_REFERENCE },
      imagePullSecrets: { list: { fields: { name: 'string' } } },
      automountServiceAccountToken: 'boolean',
    },
  },
  // The struct tags of k8s.io/api core/v1 ServiceAccount: `secrets` has patchStrategy merge by name,
  // `imagePullSecrets` has none (+listType=atomic), so a strategic merge patch replaces it whole.
  // (PodSpec.imagePullSecrets does merge by name; ServiceAccount's does not.)
  mergeLists: {
    ...METADATA_MERGE_LISTS,
    secrets: { mergeKey: 'name' },
  },
  fieldLabels: {
    'metadata.name': (object) => object.metadata.name,
    'metadata.namespace': (object) => object.metadata.namespace ?? '',
  },
  columns: [column('Secrets', 'string', 'The number of secrets of the service account.')],
  cells: (object) => [Array.isArray(object.secrets) ? object.secrets.length : 0],

  prepareBody(candidate) {
    const body: JsonObject = {};
    const secrets = own(candidate, 'secrets');
    if (Array.isArray(secrets) && secrets.length > 0) body.secrets = secrets;
    const pullSecrets = own(candidate, 'imagePullSecrets');
    if (Array.isArray(pullSecrets) && pullSecrets.length > 0) {
      // LocalObjectReference has one field, `name,omitempty`.
      body.imagePullSecrets = pullSecrets.map((entry) =>
        isObject(entry) && typeof entry.name === 'string' && entry.name !== '' ? { name: entry.name } : {},
      );
    }
    const automount = own(candidate, 'automountServiceAccountToken');
    if (typeof automount === 'boolean') body.automountServiceAccountToken = automount;
    return body;
  },

  validateName: validateDns1123Subdomain,
  validate: () => [],
};
