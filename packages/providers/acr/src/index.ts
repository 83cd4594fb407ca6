export { type AzureCloud, isAcrHost } from './acr-cloud.js';
export { ACR_REFRESH_TOKEN_USERNAME } from './acr-exchange.js';
export { acrPlugin } from './acr-plugin.js';
export { ACR_AUTH_MODES, type AcrAuth, type FromAcrInit, fromAcr } from './from-acr.js';
