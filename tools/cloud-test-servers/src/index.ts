// One module per cloud: aws/, google/, azure/. Each exports a start function returning { url, close, ... }.
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
