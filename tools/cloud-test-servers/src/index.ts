// One module per cloud: aws/, google/, azure/, harbor/, ovh/. Each exports a start function returning { url, close, ... }.

export { awsChildEnv } from './aws/aws-child-env.js';
export type {
  AwsAccessKey,
  AwsRequestLogEntry,
  AwsTestRole,
  AwsTestServer,
  AwsTestServerOptions,
} from './aws/aws-test-server.js';
export { startAwsTestServer } from './aws/aws-test-server.js';
export type { SignedRequest, SigV4Claim } from './aws/sigv4.js';
export { parseSigV4Authorization, verifySigV4 } from './aws/sigv4.js';
export {
  ACR_AUDIENCE,
  ACR_REFRESH_TOKEN_USERNAME,
  type AzureRequestLogEntry,
  type AzureServerOptions,
  type AzureTestClient,
  type AzureTestRegistry,
  type AzureTestServer,
  FEDERATION_AUDIENCE,
  startAzureServer,
} from './azure/azure-server.js';
export { type ImdsWithoutIdentity, startImdsWithoutIdentity } from './azure/imds-without-identity.js';
export {
  type GceMetadataRequestLogEntry,
  type GceMetadataServer,
  type GceMetadataServerOptions,
  startGceMetadataServer,
} from './google/gce-metadata-server.js';
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
export {
  type HarborRequestLogEntry,
  type HarborTestRobot,
  type HarborTestServer,
  type HarborTestServerOptions,
  type HarborTestUser,
  startHarborTestServer,
} from './harbor/harbor-test-server.js';
export { harborSwaggerPath, loadSwaggerContract, type SwaggerContract } from './harbor/swagger-contract.js';
export {
  type OvhCreatedUser,
  type OvhRequestLogEntry,
  type OvhTestApplication,
  type OvhTestConsumerKey,
  type OvhTestRegistry,
  type OvhTestServer,
  type OvhTestServerOptions,
  startOvhTestServer,
} from './ovh/ovh-test-server.js';
export { type SilentServer, startSilentServer } from './silent-server.js';
