import type { CredentialProvider } from './credential.js';
import { CredentialUnavailableError } from './errors.js';

/**
 * Tries each provider in turn and returns the first one's credentials. Only a
 * `CredentialUnavailableError` moves on to the next provider; any other error stops the chain at once.
 * When every provider is unavailable, the error lists each attempt.
 */
export function chain(...providers: CredentialProvider[]): CredentialProvider {
  return async (opts) => {
    const attempts: CredentialUnavailableError[] = [];
    for (const provider of providers) {
      opts?.signal?.throwIfAborted();
      try {
        return await provider(opts);
      } catch (error) {
        if (!(error instanceof CredentialUnavailableError)) throw error;
        attempts.push(error);
      }
    }
    const tried = attempts.map((attempt) => attempt.message).join('; ');
    throw new CredentialUnavailableError(
      'NO_PROVIDER_AVAILABLE',
      providers.length === 0
        ? 'No credential provider was configured.'
        : `No credential provider could supply credentials: ${tried}`,
      {
        hint: attempts.find((attempt) => attempt.hint)?.hint ?? 'Configure at least one provider.',
        attempts,
      },
    );
  };
}
