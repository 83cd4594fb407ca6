import {
  type ProviderContext,
  type ProviderPlugin,
  resolveProviderOptions,
} from '@pull-secret/dockerconfigjson';

/** A plugin's context as the resolver builds it from options and environment, with its warnings collected. */
export function pluginContext(
  plugin: ProviderPlugin,
  options: Record<string, string>,
  env: Record<string, string> = {},
  registries: string[] = [],
): { built: ProviderContext; warnings: string[] } {
  const warnings: string[] = [];
  const built: ProviderContext = {
    registries,
    options: resolveProviderOptions(plugin, options, env),
    env,
    warn: (message) => warnings.push(message),
  };
  return { built, warnings };
}
