export { caCertificates } from './ca-certificates.js';
export { DEFAULT_TIMEOUT_MS, EndpointTimeoutError, endpointOrigin } from './endpoint-timeout.js';
export { type GithubIdTokenInit, githubIdTokenSupplier } from './github-oidc.js';
export {
  type HttpClient,
  type HttpClientInit,
  type HttpRequest,
  type HttpResponse,
  httpClient,
  RedirectLoopError,
} from './http-client.js';
export { formatDuration, parseDuration } from './parse-duration.js';
export { type DeadlineInit, withDeadline } from './with-deadline.js';
