import { createHash } from 'node:crypto';
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

function patchOperation(kind: string, namespaced: boolean) {
  return {
    patch: {
      operationId: `patchCoreV1${namespaced ? 'Namespaced' : ''}${kind}`,
      parameters: PARAMETERS,
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind },
    },
  };
}

export const OPENAPI_V3_CORE_V1 = {
  openapi: '3.0.0',
  info: { title: 'Kubernetes', version: 'v1.32.0' },
  paths: Object.fromEntries(
    Object.values(RESOURCES).map((resource) => [
      resource.namespaced
        ? `/api/v1/namespaces/{namespace}/${resource.name}/{name}`
        : `/api/v1/${resource.name}/{name}`,
      patchOperation(resource.kind, resource.namespaced),
    ]),
  ),
};

const HASH = createHash('sha512')
  .update(JSON.stringify(OPENAPI_V3_CORE_V1))
  .digest('hex')
  .toUpperCase()
  .slice(0, 128);

/** /openapi/v3: where each group version's document is; the hash lets clients cache it. */
export const OPENAPI_V3_DISCOVERY = {
  paths: { 'api/v1': { serverRelativeURL: `/openapi/v3/api/v1?hash=${HASH}` } },
};
