export { type FromHarborInit, fromHarbor, HARBOR_AUTH_MODES, type HarborAuth } from './from-harbor.js';
export { harborPlugin } from './harbor-plugin.js';
