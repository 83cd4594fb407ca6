import type { CredentialProvider, RegistryCredential } from './credential.js';
import { copyCredential } from './credential.js';

/** A provider that always returns the given credentials (copies, so callers cannot change them). */
export function staticProvider(
  credentials: RegistryCredential | readonly RegistryCredential[],
): CredentialProvider {
  const list = (Array.isArray(credentials) ? credentials : [credentials]) as readonly RegistryCredential[];
  const frozen = list.map(copyCredential);
  return async () => frozen.map(copyCredential);
}
