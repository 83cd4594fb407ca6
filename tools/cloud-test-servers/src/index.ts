// One module per cloud: aws/, google/, azure/. Each exports a start function returning { url, close, ... }.
export {
  CLOUD_PLATFORM_SCOPE,
  GOOGLE_API_HOSTS,
  type GoogleRequestLogEntry,
  type GoogleTestServer,
  type GoogleTestServerOptions,
  type IssuedGoogleToken,
  OAUTH2_TOKEN_URL,
  startGoogleTestServer,
} from './google/google-test-server.js';
export { generateServiceAccountKey, type TestServiceAccountKey } from './google/service-account-key.js';
