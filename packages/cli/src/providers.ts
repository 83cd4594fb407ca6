import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { acrPlugin } from '@pull-secret/provider-acr';

/**
 * The provider plugins the CLI offers, in auto-detection order. Each descriptor brings its own flags;
 * its cloud SDK is loaded only when the provider is called. Adding a provider is one line here.
 */
export const PROVIDER_PLUGINS: readonly ProviderPlugin[] = [acrPlugin];
