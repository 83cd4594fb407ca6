export { type FromOvhInit, fromOvh } from './from-ovh.js';
export { type OvhApi, type OvhApiInit, type OvhAuth, ovhApi } from './ovh-api.js';
export { OVH_ENDPOINTS, type OvhEndpoint, ovhEndpoint } from './ovh-endpoint.js';
export { ovhPlugin } from './ovh-plugin.js';
export { type OvhSignedRequest, ovhSignature } from './ovh-signature.js';
