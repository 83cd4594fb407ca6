export { PROVIDER_PLUGINS } from './plugins.js';
