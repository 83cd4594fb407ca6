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
    // A new namespace's `default` ServiceAccount is created a moment after the namespace.
    const deadline = Date.now() + (options.serviceAccountWaitMs ?? 5000);
    const attempts = (options.conflictRetries ?? 16) + 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await conflictBackoff(attempt);
      let serviceAccount =
        attempt === 0 && known?.object ? known.object : await api.readServiceAccount(namespace, name);
      while (!serviceAccount && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        serviceAccount = await api.readServiceAccount(namespace, name);
      }
      if (!serviceAccount) return { name, outcome: 'failed', reason: `serviceaccount "${name}" not found` };
      const updated = withImagePullSecret(serviceAccount, secretName);
      if (updated === serviceAccount) return { name, outcome: 'present' };
      if (options.dryRun === 'client') return { name, outcome: 'added' };
      // A ServiceAccount's imagePullSecrets is an atomic list (a patch would replace it whole), so
      // read-modify-write with the resourceVersion as precondition keeps everyone else's entries.
      try {
        await api.replaceServiceAccount(namespace, updated, options.dryRun === 'server');
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
