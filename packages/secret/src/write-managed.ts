import type { KubeApi } from './kube-api.js';
import { KubeApiError } from './kube-api-error.js';
import {
  kindOf,
  type ManagedObject,
  type ManagedPlan,
  type ManagedShape,
  planManaged,
} from './managed-shape.js';
import type { ConfigMapManifest, SecretManifest } from './manifest-types.js';

export interface WriteManagedOptions {
  /** Take over an object pull-secret did not create. */
  force?: boolean;
  /** `client`: read, but write nothing; `server`: send writes with dryRun=All. */
  dryRun?: 'none' | 'client' | 'server';
  /** Fresh reads after a 409 Conflict before giving up. Default 16. */
  conflictRetries?: number;
}

export interface WriteManagedResult<T extends ManagedObject> extends ManagedPlan<T> {
  /** The object as written (or as it would be); set when created or updated. */
  manifest?: T;
}

/** What the writer asks of the API for one resource. */
interface ObjectApi<T extends ManagedObject> {
  read(namespace: string, name: string): Promise<T | undefined>;
  create(namespace: string, object: T, dryRun: boolean): Promise<T>;
  replace(namespace: string, object: T, dryRun: boolean): Promise<T>;
}

export function objectApi<T extends ManagedObject>(api: KubeApi, shape: ManagedShape<T>): ObjectApi<T> {
  if (shape.resource === 'secrets') {
    return {
      read: (namespace, name) => api.readSecret(namespace, name),
      create: (namespace, object, dryRun) => api.createSecret(namespace, object as SecretManifest, dryRun),
      replace: (namespace, object, dryRun) => api.replaceSecret(namespace, object as SecretManifest, dryRun),
    } as ObjectApi<T>;
  }
  return {
    read: (namespace, name) => api.readConfigMap(namespace, name),
    create: (namespace, object, dryRun) =>
      api.createConfigMap(namespace, object as ConfigMapManifest, dryRun),
    replace: (namespace, object, dryRun) =>
      api.replaceConfigMap(namespace, object as ConfigMapManifest, dryRun),
  } as ObjectApi<T>;
}

/**
 * Brings one namespace's object to `shape` the way a careful controller would: read, plan, and write
 * only when something changed, by create or by update with the read resourceVersion as precondition.
 * A 409 (someone wrote or created it in between) or a 404 on update (someone deleted it) reads that
 * one object again and plans anew, after a short random pause. Never deletes. `known` is the object
 * as a list found it (undefined: it was not there), which saves the first read.
 */
export async function writeManaged<T extends ManagedObject>(
  api: KubeApi,
  shape: ManagedShape<T>,
  namespace: string,
  options: WriteManagedOptions,
  known?: { object: T | undefined },
): Promise<WriteManagedResult<T>> {
  const objects = objectApi(api, shape);
  const dryRun = options.dryRun ?? 'none';
  const attempts = (options.conflictRetries ?? 16) + 1;
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (attempt > 0) await conflictBackoff(attempt);
    const existing = attempt === 0 && known ? known.object : await objects.read(namespace, shape.name);
    const plan: WriteManagedResult<T> = planManaged(shape, namespace, existing, options);
    if (plan.outcome !== 'created' && plan.outcome !== 'updated') return plan;
    if (dryRun === 'client') return { ...plan, manifest: plan.desired! };
    try {
      const written =
        plan.outcome === 'created'
          ? await objects.create(namespace, plan.desired!, dryRun === 'server')
          : await objects.replace(namespace, plan.desired!, dryRun === 'server');
      return { ...plan, manifest: written };
    } catch (error) {
      // Someone else wrote, created or deleted it in between: read it again and plan onto theirs.
      if (error instanceof KubeApiError && error.status === 409) continue;
      if (error instanceof KubeApiError && error.status === 404 && plan.outcome === 'updated') continue;
      throw error;
    }
  }
  return {
    outcome: 'failed',
    desired: undefined,
    reason: `other writers kept changing ${kindOf(shape)} "${shape.name}" (${attempts} conflicts in a row)`,
    changes: [],
    items: [],
  };
}

/**
 * A short, growing, random pause before re-reading after a 409, so writers racing for one object spread
 * out instead of colliding again in lockstep (10 ms doubling to 640 ms, full jitter).
 */
export function conflictBackoff(attempt: number): Promise<void> {
  const ms = Math.random() * 10 * 2 ** Math.min(attempt, 6);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
