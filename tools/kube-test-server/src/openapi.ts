import { createHash } from 'node:crypto';
import type { ResourceDefinition } from './resource-definition.js';
import { RESOURCES } from './resources.js';

// Just enough OpenAPI v3 for kubectl apply, edit and replace. Their default --validate=strict first
// asks /openapi/v3 whether the PATCH operation of the object's kind takes the fieldValidation query
// parameter: if so, the server validates (it does, see checkFields); if the answer is missing, kubectl
// validates on its side with the OpenAPI v2 schema, and without one refuses ("failed to download
// openapi"). The operations have no requestBody on purpose: kubectl then builds strategic merge patches
// from its compiled-in types, exactly as it does with a full schema, instead of from a schema this
// server would have to carry. /openapi/v2 stays 404, which kubectl tolerates everywhere else.

const PARAMETERS = ['dryRun', 'fieldManager', 'fieldValidation', 'force', 'pretty'].map((name) => ({
  name,
  in: 'query',
  schema: { type: name === 'force' ? 'boolean' : 'string', uniqueItems: true },
}));

function patchOperation(resource: ResourceDefinition) {
  const version = resource.group === '' ? 'CoreV1' : `${groupWord(resource.group)}V1`;
  return {
    patch: {
      operationId: `patch${version}${resource.namespaced ? 'Namespaced' : ''}${resource.kind}`,
      parameters: PARAMETERS,
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': { group: resource.group, version: 'v1', kind: resource.kind },
    },
  };
}

/** coordination.k8s.io → Coordination, as the operation ids spell a group. */
function groupWord(group: string): string {
  const first = group.split('.')[0] ?? group;
  return first.charAt(0).toUpperCase() + first.slice(1);
}

/** One document per group version, keyed by its path under /openapi/v3 (api/v1, apis/GROUP/v1). */
export const OPENAPI_V3_DOCUMENTS = new Map<string, Record<string, unknown>>();
for (const resource of Object.values(RESOURCES)) {
  const root = resource.group === '' ? 'api/v1' : `apis/${resource.apiVersion}`;
  let document = OPENAPI_V3_DOCUMENTS.get(root);
  if (!document) {
    document = { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths: {} };
    OPENAPI_V3_DOCUMENTS.set(root, document);
  }
  const path = resource.namespaced
    ? `/${root}/namespaces/{namespace}/${resource.name}/{name}`
    : `/${root}/${resource.name}/{name}`;
  (document.paths as Record<string, unknown>)[path] = patchOperation(resource);
}

const hash = (document: unknown) =>
  createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase().slice(0, 128);

/** /openapi/v3: where each group version's document is; the hash lets clients cache it. */
export const OPENAPI_V3_DISCOVERY = {
  paths: Object.fromEntries(
    [...OPENAPI_V3_DOCUMENTS].map(([root, document]) => [
      root,
      { serverRelativeURL: `/openapi/v3/${root}?hash=${hash(document)}` },
    ]),
  ),
};
