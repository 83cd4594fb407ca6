import { column, METADATA_MERGE_LISTS, TYPE_META } from './common-fields.js';
import { isObject, type JsonObject, own } from './json.js';
import { validateDns1123Subdomain } from './names.js';
import { OBJECT_META } from './object-shape.js';
import type { ResourceDefinition } from './resource-definition.js';
import { badRequest, type FieldError } from './status.js';

// coordination.k8s.io/v1 Lease: what leader election (client-go's leaderelection, pull-secret apply
// --watch) takes and renews. The API server gives it no semantics beyond storage, optimistic
// concurrency and validation; the holder and times are the clients' business.

/** The spec's fields in Go's order; acquireTime and renewTime are metav1.MicroTime. */
const SPEC_FIELDS = [
  'holderIdentity',
  'leaseDurationSeconds',
  'acquireTime',
  'renewTime',
  'leaseTransitions',
  'strategy',
  'preferredHolder',
] as const;
const MICRO_TIMES = new Set(['acquireTime', 'renewTime']);
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * metav1.MicroTime as the server stores it: parsed as RFC 3339, written back in UTC with exactly six
 * fractional digits ("2006-01-02T15:04:05.000000Z"); anything else is the decoder's 400.
 */
export function canonicalMicroTime(text: string): string {
  const match = RFC3339.exec(text);
  const millis = match ? Date.parse(text) : Number.NaN;
  if (!match || Number.isNaN(millis)) {
    throw badRequest(
      `Lease in version "v1" cannot be handled as a Lease: parsing time ${JSON.stringify(text)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse ${JSON.stringify(text)} as "2006-01-02T15:04:05.000000Z07:00"`,
    );
  }
  // Date keeps milliseconds only; the microseconds come from the text itself.
  const micros = `${(match[7] ?? '').slice(1)}000000`.slice(3, 6);
  const iso = new Date(millis).toISOString();
  return `${iso.slice(0, 23)}${micros}Z`;
}

export const leases: ResourceDefinition = {
  name: 'leases',
  singularName: 'lease',
  kind: 'Lease',
  listKind: 'LeaseList',
  group: 'coordination.k8s.io',
  apiVersion: 'coordination.k8s.io/v1',
  namespaced: true,
  shortNames: [],
  shape: {
    fields: {
      ...TYPE_META,
      metadata: OBJECT_META,
      spec: {
        fields: {
          holderIdentity: 'string',
          leaseDurationSeconds: 'integer',
          acquireTime: 'string',
          renewTime: 'string',
          leaseTransitions: 'integer',
          strategy: 'string',
          preferredHolder: 'string',
        },
      },
    },
  },
  mergeLists: METADATA_MERGE_LISTS,
  fieldLabels: {
    'metadata.name': (object) => object.metadata.name,
    'metadata.namespace': (object) => object.metadata.namespace ?? '',
  },
  columns: [
    column('Holder', 'string', 'holderIdentity contains the identity of the holder of a current lease.'),
  ],
  cells: (object) => [(isObject(object.spec) ? object.spec.holderIdentity : undefined) ?? ''],

  prepareBody(candidate) {
    const given = own(candidate, 'spec');
    const spec: JsonObject = {};
    if (isObject(given)) {
      for (const field of SPEC_FIELDS) {
        const value = own(given, field);
        if (value === undefined || value === null) continue;
        spec[field] = MICRO_TIMES.has(field) ? canonicalMicroTime(value as string) : value;
      }
    }
    return { spec };
  },

  validateName: validateDns1123Subdomain,

  // k8s.io/kubernetes/pkg/apis/coordination/validation ValidateLeaseSpec.
  validate(object) {
    const errors: FieldError[] = [];
    const spec = isObject(object.spec) ? object.spec : {};
    const duration = spec.leaseDurationSeconds;
    if (typeof duration === 'number' && duration <= 0) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.leaseDurationSeconds',
        value: duration,
        detail: 'must be greater than 0',
      });
    }
    const transitions = spec.leaseTransitions;
    if (typeof transitions === 'number' && transitions < 0) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.leaseTransitions',
        value: transitions,
        detail: 'must be greater than or equal to 0',
      });
    }
    return errors;
  },
};
