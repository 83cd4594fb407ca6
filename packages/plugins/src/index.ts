export type {
  CredentialPlan,
  CredentialRequest,
  ResolvedCredentials,
  StaticLogin,
} from './plan-credentials.js';
export { planCredentials } from './plan-credentials.js';
export { PROVIDER_PLUGINS } from './plugins.js';
export { withRefusedHint } from './refused-hint.js';
