export { type CheckInit, runCheck } from './registry-auth.js';
export { type FetchRegistryCertificatesInit, fetchRegistryCertificates } from './registry-certificates.js';
export {
  DOCKER_HUB_API_HOST,
  type RegistryEndpoint,
  type RepositoryReference,
  registryEndpoint,
  repositoryReference,
} from './registry-endpoint.js';
export { type VerifyImageAccessInit, verifyImageAccess } from './verify-image-access.js';
export {
  MANIFEST_ACCEPT,
  type VerifyOutcome,
  type VerifyPullAccessInit,
  type VerifyPullAccessResult,
  verifyPullAccess,
} from './verify-pull-access.js';
export {
  type PushCredential,
  type VerifyPushAccessInit,
  type VerifyPushAccessResult,
  verifyPushAccess,
} from './verify-push-access.js';
export { type AuthChallenge, parseWwwAuthenticate } from './www-authenticate.js';
