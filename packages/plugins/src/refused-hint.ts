import { detectProvider, type ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS } from './plugins.js';

/** The part of a verify result this reads (`@pull-secret/registry`'s `VerifyPullAccessResult`). */
interface VerifyOutcomeLike {
  result: string;
  registry: string;
  hint?: string;
}

/**
 * A refused verify (unauthorized or denied) with the hint of the provider behind the login: the one
 * that made it (`provider`, from the login's recipe), or for a static login the one whose host it is,
 * so that a plain `ghcr.io` login refused hears about fine-grained tokens. Other results, and
 * providers without a `refusedHint`, keep the registry's own hint.
 */
export function withRefusedHint<T extends VerifyOutcomeLike>(
  outcome: T,
  provider?: string,
  plugins: readonly ProviderPlugin[] = PROVIDER_PLUGINS,
): T {
  if (outcome.result !== 'unauthorized' && outcome.result !== 'denied') return outcome;
  const plugin =
    provider !== undefined && provider !== 'static'
      ? plugins.find((candidate) => candidate.name === provider)
      : detectProvider(plugins, outcome.registry);
  return plugin?.refusedHint === undefined ? outcome : { ...outcome, hint: plugin.refusedHint };
}
