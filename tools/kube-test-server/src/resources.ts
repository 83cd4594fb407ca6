import { randomUUID } from 'node:crypto';
import { configMaps } from './configmaps.js';
import { isObject, type JsonObject, setOwn, sortedKeys } from './json.js';
import { leases } from './leases.js';
import { validateLabelKey, validateLabelValue } from './names.js';
import { namespaces } from './namespaces.js';
import { checkShape } from './object-shape.js';
import type { KubeObject, ObjectMeta, ResourceDefinition, ResourceName } from './resource-definition.js';
import { secrets } from './secrets.js';
import { serviceAccounts } from './service-accounts.js';
import { badRequest, type FieldError, invalid } from './status.js';

export const RESOURCES: Record<ResourceName, ResourceDefinition> = {
  namespaces,
  secrets,
  serviceaccounts: serviceAccounts,
  configmaps: configMaps,
  leases,
};

export function resourceForKind(kind: unknown): ResourceDefinition | undefined {
  return Object.values(RESOURCES).find((resource) => resource.kind === kind);
}

const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** RFC 3339 at second precision, as metav1.Time marshals. */
export function formatTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * Checks a request body as the API server's decoder does: a JSON object of this kind and version,
 * every field of the right type. Returns the unknown fields, for the request's fieldValidation.
 */
export function decodeBody(resource: ResourceDefinition, body: unknown): string[] {
  const { kind } = resource;
  if (!isObject(body)) {
    throw badRequest(
      `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type v1.${kind}`,
    );
  }
  if (body.apiVersion !== undefined && body.apiVersion !== null && body.apiVersion !== resource.apiVersion) {
    throw badRequest(
      `the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${resource.apiVersion})`,
    );
  }
  if (body.kind !== undefined && body.kind !== null && body.kind !== kind) {
    throw badRequest(
      `${String(body.kind)} in version "v1" cannot be handled as a ${kind}: the kind in the data does not match the endpoint`,
    );
  }
  return checkShape(kind, body, resource.shape);
}

/**
 * The object as it is stored: server-owned metadata set (uid and creationTimestamp on create, kept on
 * update), defaults filled, maps in key order and fields in Go's order, so two writes of the same
 * content give byte-identical objects and a write that changes nothing can be recognised.
 */
export function prepareObject(
  resource: ResourceDefinition,
  candidate: JsonObject,
  existing: KubeObject | undefined,
  namespace: string | undefined,
  now: Date,
): KubeObject {
  const given = isObject(candidate.metadata) ? candidate.metadata : {};
  const metadata: ObjectMeta = { name: typeof given.name === 'string' ? given.name : '' };
  if (resource.namespaced && namespace !== undefined) metadata.namespace = namespace;
  metadata.uid = existing?.metadata.uid ?? randomUUID();
  metadata.resourceVersion = existing?.metadata.resourceVersion ?? '';
  metadata.creationTimestamp = existing?.metadata.creationTimestamp ?? formatTime(now);
  if (existing?.metadata.deletionTimestamp) metadata.deletionTimestamp = existing.metadata.deletionTimestamp;
  const labels = stringMap(given.labels);
  if (labels) metadata.labels = labels;
  const annotations = stringMap(given.annotations);
  if (annotations) metadata.annotations = annotations;
  if (Array.isArray(given.ownerReferences) && given.ownerReferences.length > 0) {
    metadata.ownerReferences = given.ownerReferences;
  }
  if (Array.isArray(given.finalizers) && given.finalizers.length > 0) metadata.finalizers = given.finalizers;
  resource.adjustMetadata?.(metadata);
  return {
    kind: resource.kind,
    apiVersion: resource.apiVersion,
    metadata,
    ...resource.prepareBody(candidate, existing),
  };
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isObject(value) || Object.keys(value).length === 0) return undefined;
  const map: JsonObject = {};
  for (const key of Object.keys(value)) setOwn(map, key, value[key] ?? '');
  return sortedKeys(map) as Record<string, string>;
}

/** ValidateObjectMeta plus the kind's own rules; throws the 422 Invalid Status. */
export function validateObject(
  resource: ResourceDefinition,
  object: KubeObject,
  existing?: KubeObject,
): void {
  const errors: FieldError[] = [];
  const { name, labels, annotations } = object.metadata;
  if (!name) {
    errors.push({
      type: 'FieldValueRequired',
      field: 'metadata.name',
      detail: 'name or generateName is required',
    });
  } else {
    const why = resource.validateName(name);
    if (why) errors.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: name, detail: why });
  }
  for (const [key, value] of Object.entries(labels ?? {})) {
    const keyWhy = validateLabelKey(key);
    if (keyWhy)
      errors.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value: key, detail: keyWhy });
    const valueWhy = validateLabelValue(value);
    if (valueWhy)
      errors.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value, detail: valueWhy });
  }
  let annotationBytes = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) {
    const why = validateLabelKey(key.toLowerCase());
    if (why)
      errors.push({ type: 'FieldValueInvalid', field: 'metadata.annotations', value: key, detail: why });
    annotationBytes += key.length + value.length;
  }
  if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
    errors.push({
      type: 'FieldValueTooLong',
      field: 'metadata.annotations',
      detail: `may not be more than ${MAX_ANNOTATIONS_BYTES} bytes`,
    });
  }
  errors.push(...resource.validate(object, existing));
  if (errors.length > 0) throw invalid({ name: resource.kind, group: resource.group }, name, errors);
}
