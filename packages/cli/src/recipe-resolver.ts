import { type CredentialRecipe, showUntrusted } from '@pull-secret/dockerconfigjson';
import { PROVIDER_PLUGINS, planCredentials } from '@pull-secret/plugins';
import type { RecipeResolver } from '@pull-secret/secret';
import type { CliIo } from './cli-io.js';
import type { ParsedFlags } from './flags.js';
import { githubIdToken } from './github-oidc.js';
import { requestTimeoutMs } from './kube-flags.js';
import { cliWording, inCliWords } from './option-wording.js';

/**
 * Makes a recipe's logins through the one resolver the CLI and the Action share, with this process's
 * identity: secret options from the environment, as for `apply`. Errors come back in flag words.
 */
export function recipeResolver(values: ParsedFlags['values'], io: CliIo): RecipeResolver {
  const timeoutMs = requestTimeoutMs(values);
  const idToken = githubIdToken(io, timeoutMs);
  const warn = (message: string) => io.stderr(`warning: ${showUntrusted(message)}\n`);
  return async (recipe: CredentialRecipe, registries: readonly string[]) => {
    try {
      const plan = await planCredentials({
        plugins: PROVIDER_PLUGINS,
        provider: recipe.provider,
        registries,
        options: recipe.options ?? {},
        env: io.env,
        timeoutMs,
        ...(idToken ? { idToken } : {}),
      });
      io.rememberSecrets?.(plan.secrets);
      for (const warning of plan.warnings) warn(warning);
      const resolved = await plan.resolve({ warn });
      io.rememberSecrets?.(resolved.secrets);
      return resolved.credentials;
    } catch (error) {
      throw inCliWords(error, cliWording(PROVIDER_PLUGINS, values));
    }
  };
}
