import type { ServiceAccountManifest } from './manifest-types.js';
import { validateSecretName } from './names.js';

/**
 * The ServiceAccount with `secretName` in its `imagePullSecrets`, added once at the end; other entries
 * and fields are kept. Returns the same object when the secret is already listed, so callers can tell
 * that nothing needs writing.
 */
export function withImagePullSecret(
  serviceAccount: ServiceAccountManifest,
  secretName: string,
): ServiceAccountManifest {
  validateSecretName(secretName);
  const current = serviceAccount.imagePullSecrets ?? [];
  if (current.some((reference) => reference.name === secretName)) return serviceAccount;
  return { ...serviceAccount, imagePullSecrets: [...current, { name: secretName }] };
}
