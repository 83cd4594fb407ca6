import type { KubeApi } from './kube-api.js';
import { KubeApiError } from './kube-api-error.js';
import type { ServiceAccountManifest } from './manifest-types.js';
import { withImagePullSecret } from './service-account.js';
import { conflictBackoff } from './write-managed.js';

export interface ServiceAccountResult {
  name: string;
  outcome: 'added' | 'present' | 'failed';
  reason?: string;
}

export interface ServiceAccountUpdateOptions {
  dryRun?: 'none' | 'client' | 'server';
  conflictRetries?: number;
  /** How long to wait for a ServiceAccount that does not exist yet (a new namespace's `default`). Default 5 s. */
  serviceAccountWaitMs?: number;
}

/**
 * A namespace younger than this may still be waiting for its `default` ServiceAccount (the token
 * controller makes it a moment after the namespace); it leaves room for the client's clock being off.
 */
const NEW_NAMESPACE_MS = 30_000;

/**
 * Adds `secretName` to a ServiceAccount's imagePullSecrets once, keeping everyone else's entries.
 * `known` is the ServiceAccount as a list found it (undefined: not there), which saves the first read.
 */
export async function addToServiceAccount(
  api: KubeApi,
  namespace: string,
  name: string,
  secretName: string,
  options: ServiceAccountUpdateOptions,
  known?: { object: ServiceAccountManifest | undefined },
): Promise<ServiceAccountResult> {
  try {
    const waitMs = options.serviceAccountWaitMs ?? 5000;
    let deadline: number | undefined;
    const attempts = (options.conflictRetries ?? 16) + 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await conflictBackoff(attempt);
      let serviceAccount =
        attempt === 0 && known?.object ? known.object : await api.readServiceAccount(namespace, name);
      // Only a new namespace's `default` is worth waiting for: the controller makes it a moment after the
      // namespace. Any other missing name (a typo) fails at once, in every namespace.
      if (!serviceAccount && deadline === undefined) {
        deadline = name === 'default' && (await isNewNamespace(api, namespace)) ? Date.now() + waitMs : 0;
      }
      while (!serviceAccount && Date.now() < deadline!) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        serviceAccount = await api.readServiceAccount(namespace, name);
      }
      if (!serviceAccount) return { name, outcome: 'failed', reason: `serviceaccount "${name}" not found` };
      const updated = withImagePullSecret(serviceAccount, secretName);
      if (updated === serviceAccount) return { name, outcome: 'present' };
      if (options.dryRun === 'client') return { name, outcome: 'added' };
      // A ServiceAccount's imagePullSecrets is an atomic list (a patch replaces it whole), so the patch
      // carries the resourceVersion it was read at: a concurrent writer's entry is never dropped.
      try {
        await api.patchServiceAccountPullSecrets(namespace, updated, options.dryRun === 'server');
        return { name, outcome: 'added' };
      } catch (error) {
        if (error instanceof KubeApiError && error.status === 409) continue;
        throw error;
      }
    }
    return { name, outcome: 'failed', reason: `other writers kept changing serviceaccount "${name}"` };
  } catch (error) {
    return { name, outcome: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

async function isNewNamespace(api: KubeApi, namespace: string): Promise<boolean> {
  // A KubeApi that cannot tell the namespace's age: wait, as for a new one.
  if (!api.readNamespace) return true;
  // One that may not read namespaces (RBAC) cannot either: it waits, as before.
  const info = await api.readNamespace(namespace).catch(() => 'unknown' as const);
  if (info === 'unknown') return true;
  const created = Date.parse(info?.creationTimestamp ?? '');
  return Number.isFinite(created) && Date.now() - created < NEW_NAMESPACE_MS;
}
