import { PullSecretError } from '@pull-secret/dockerconfigjson';
import { connectKubeApi, type KubeApi, type KubeApiInit } from './kube-api.js';
import { KubeApiError } from './kube-api-error.js';
import type { ManagedObject, ManagedShape, PlanOutcome } from './managed-shape.js';
import { type Listed, ListPlanner, plansFromLists } from './plan-from-lists.js';
import { type NamespaceTargets, resolveNamespaces } from './resolve-namespaces.js';
import { type WriteManagedOptions, writeManaged } from './write-managed.js';

export type ApplyOutcome = PlanOutcome | 'skipped';

export interface ManagedResult<T extends ManagedObject = ManagedObject> {
  namespace: string;
  outcome: ApplyOutcome;
  /** Why it was skipped, refused or failed; names no option. */
  reason?: string;
  /** What to do about it; may name options as `{{option}}` (wordOptions words them). */
  hint?: string;
  /** What the object holds afterwards (or would, in a dry run): registries, data keys. */
  items: string[];
  /** False when the namespace failed or was refused. */
  ok: boolean;
  /** What changes, one line each, secrets left out. */
  changes: string[];
  /** The object as written (or as it would be); may hold secrets, so print it only on purpose. */
  manifest?: T;
  /** The error a failed namespace met, for a debug trace (its message is `reason`). */
  error?: unknown;
}

export interface ApplyManagedOptions<T extends ManagedObject> extends WriteManagedOptions {
  shape: ManagedShape<T>;
  targets: NamespaceTargets;
  /** Namespaces worked on at once. Default 16. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /** Said once, for the front end to show: e.g. cluster-wide lists refused, namespaces read one by one. */
  onWarning?: (message: string) => void;
  /**
   * Keep each namespace's object as written in its result (`manifest`). Default true; a caller that
   * does not print them says false, so that 10,000 namespaces do not hold 10,000 objects to the end.
   */
  keepManifests?: boolean;
}

export interface ApplyManagedResult<T extends ManagedObject> {
  namespaces: ManagedResult<T>[];
  /** True when every namespace succeeded (created, updated, unchanged or skipped). */
  ok: boolean;
  /** What onWarning was told, in order. */
  warnings: string[];
}

/** What applyManaged lets a caller add: more lists up front, and a step after each namespace's write. */
export interface ManagedSteps<T extends ManagedObject> {
  prefetch?(planner: ListPlanner, namespaces: readonly string[]): Promise<void>;
  after?(namespace: string, result: ManagedResult<T>): Promise<void>;
}

/**
 * Writes `shape` to every target namespace with the writer's rules (writeManaged), one namespace
 * failing without stopping the others. For many namespaces, one cluster-wide list of the named object
 * (and one of namespaces) replaces a read per namespace; a 403 on it falls back to those reads.
 */
export async function applyManaged<T extends ManagedObject>(
  kube: KubeApi | KubeApiInit,
  options: ApplyManagedOptions<T>,
  steps: ManagedSteps<T> = {},
): Promise<ApplyManagedResult<T>> {
  const api = 'readSecret' in kube ? kube : await connectKubeApi(kube);
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };
  const { namespaces, terminating } = await resolveNamespaces(api, options.targets);
  let listed: Listed<T> | undefined;
  if (plansFromLists(options.targets, namespaces.length)) {
    const planner = new ListPlanner(warn);
    const kind = options.shape.resource;
    listed = await planner.byNamespace(
      `${kind} named ${options.shape.name}`,
      () =>
        (kind === 'secrets'
          ? api.listSecretsNamed(options.shape.name)
          : api.listConfigMapsNamed(options.shape.name)) as Promise<T[]>,
    );
    await steps.prefetch?.(planner, namespaces);
  }
  const results = new Map<string, ManagedResult<T>>();
  for (const namespace of terminating) {
    results.set(namespace, skipped(namespace, 'the namespace is being deleted'));
  }
  let done = 0;
  const total = namespaces.length;
  await forEachConcurrently(namespaces, options.concurrency ?? 16, async (namespace) => {
    const known = listed ? { object: listed.get(namespace) } : undefined;
    const result = await writeInNamespace(api, namespace, options, known);
    // A namespace skipped (being deleted), refused or failed gets nothing more.
    if (result.ok && result.outcome !== 'skipped') await steps.after?.(namespace, result);
    results.set(namespace, result);
    options.onProgress?.(++done, total);
  });
  const ordered = [...namespaces, ...terminating].map((namespace) => results.get(namespace)!);
  return { namespaces: ordered, ok: ordered.every((result) => result.ok), warnings };
}

async function writeInNamespace<T extends ManagedObject>(
  api: KubeApi,
  namespace: string,
  options: ApplyManagedOptions<T>,
  known: { object: T | undefined } | undefined,
): Promise<ManagedResult<T>> {
  try {
    const plan = await writeManaged(api, options.shape, namespace, options, known);
    const ok = plan.outcome !== 'refused' && plan.outcome !== 'failed';
    return {
      namespace,
      outcome: plan.outcome,
      ...(plan.reason ? { reason: plan.reason } : {}),
      ...(plan.hint ? { hint: plan.hint } : {}),
      items: plan.items,
      ok,
      changes: plan.changes,
      ...(plan.manifest && options.keepManifests !== false ? { manifest: plan.manifest } : {}),
    };
  } catch (error) {
    if (error instanceof KubeApiError && error.status === 403 && /being terminated/.test(error.message)) {
      return skipped(namespace, 'the namespace is being deleted');
    }
    if (error instanceof KubeApiError && error.status === 404) {
      return failed(namespace, `namespace "${namespace}" not found`);
    }
    // A library error keeps its advice (an unreachable cluster says why and what to do) and its cause.
    const hint = error instanceof PullSecretError ? error.template.hint : undefined;
    return {
      ...failed(namespace, error instanceof Error ? error.message : String(error)),
      ...(hint ? { hint } : {}),
      error,
    };
  }
}

function skipped<T extends ManagedObject>(namespace: string, reason: string): ManagedResult<T> {
  return { namespace, outcome: 'skipped', reason, items: [], ok: true, changes: [] };
}

function failed<T extends ManagedObject>(namespace: string, reason: string): ManagedResult<T> {
  return { namespace, outcome: 'failed', reason, items: [], ok: false, changes: [] };
}

async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
