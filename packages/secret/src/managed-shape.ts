import { MANAGED_BY_LABEL, MANAGED_BY_VALUE } from './conventions.js';
import type { ConfigMapManifest, ObjectMeta, SecretManifest } from './manifest-types.js';

/** The objects pull-secret writes with the same read-plan-write rules. */
export type ManagedObject = SecretManifest | ConfigMapManifest;

/** Where an object of a shape lives in the API. */
export type ManagedResource = 'secrets' | 'configmaps';

/** The object to write and what changes, secrets left out; `items` says what it holds afterwards. */
export interface ShapeWrite<T extends ManagedObject> {
  desired: T;
  changes: string[];
  items: string[];
}

/** The existing object cannot become this shape as it is: why, and how to fix it (`{{option}}`s). */
export interface ShapeFailure {
  failed: string;
  hint?: string;
}

/**
 * One kind of object pull-secret manages: what to create, and how to bring an existing one to it.
 * The writer (writeManaged, applyManaged) adds the rest: ownership and force, 409 re-reads, 404
 * recreates, nothing sent when nothing changes, dry runs.
 */
export interface ManagedShape<T extends ManagedObject = ManagedObject> {
  readonly resource: ManagedResource;
  /** The object's name, the same in every namespace. */
  readonly name: string;
  /** The object to create in `namespace` when there is none. */
  create(namespace: string): ShapeWrite<T>;
  /** Why `existing` can never become this shape, force or not (a Secret's type cannot change). */
  incompatible?(existing: T): string | undefined;
  /** `existing`, pull-secret's or taken over, brought to this shape. */
  update(namespace: string, existing: T): ShapeWrite<T> | ShapeFailure;
  /** What taking over an object keeps, for the hint ("its other registries are kept"). */
  readonly takeOverNote?: string;
}

export type PlanOutcome = 'created' | 'updated' | 'unchanged' | 'refused' | 'failed';

export interface ManagedPlan<T extends ManagedObject> {
  outcome: PlanOutcome;
  /** What to write when created or updated; otherwise what is there. */
  desired: T | undefined;
  /** Why it was refused or failed, naming no option. */
  reason?: string;
  /** What to do about it; may name options as `{{option}}`. */
  hint?: string;
  changes: string[];
  items: string[];
}

/** What to write given what is there: pure, so every rule is unit-tested without a cluster. */
export function planManaged<T extends ManagedObject>(
  shape: ManagedShape<T>,
  namespace: string,
  existing: T | undefined,
  options: { force?: boolean } = {},
): ManagedPlan<T> {
  const what = `${kindOf(shape)} ${namespace}/${shape.name}`;
  if (!existing) {
    const fresh = shape.create(namespace);
    return {
      outcome: 'created',
      desired: fresh.desired,
      changes: [`+ ${what}`, ...fresh.changes],
      items: fresh.items,
    };
  }
  const refuse = (reason: string, hint?: string): ManagedPlan<T> => ({
    outcome: 'refused',
    desired: existing,
    reason,
    ...(hint ? { hint } : {}),
    changes: [],
    items: [],
  });
  const incompatible = shape.incompatible?.(existing);
  if (incompatible) return refuse(incompatible);
  if (!isManaged(existing.metadata) && !options.force) {
    const note = shape.takeOverNote ? ` (${shape.takeOverNote})` : '';
    return refuse(
      `${kindOf(shape)} "${shape.name}" was not created by pull-secret`,
      `pass {{force}} to take it over${note}`,
    );
  }
  const update = shape.update(namespace, existing);
  if ('failed' in update) {
    return {
      outcome: 'failed',
      desired: existing,
      reason: update.failed,
      ...(update.hint ? { hint: update.hint } : {}),
      changes: [],
      items: [],
    };
  }
  if (update.changes.length === 0) {
    return { outcome: 'unchanged', desired: update.desired, changes: [], items: update.items };
  }
  return {
    outcome: 'updated',
    desired: update.desired,
    changes: [`~ ${what}`, ...update.changes],
    items: update.items,
  };
}

/** How messages and diffs name a shape's objects: `secret`, `configmap`. */
export function kindOf(shape: ManagedShape<ManagedObject>): string {
  return shape.resource === 'secrets' ? 'secret' : 'configmap';
}

export function isManaged(metadata: ObjectMeta): boolean {
  return metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY_VALUE;
}

/** The diff line for the managed-by label when a write adds it (a takeover), else nothing. */
export function labelChanges(before: ObjectMeta, after: ObjectMeta): string[] {
  const was = before.labels?.[MANAGED_BY_LABEL];
  const now = after.labels?.[MANAGED_BY_LABEL];
  return was === now ? [] : [`~ label ${MANAGED_BY_LABEL}: ${was ?? '(none)'} → ${now}`];
}

/**
 * `existing` with `fresh`'s data in place of its own, whole (other keys go), and `fresh`'s labels and
 * annotations over its own; the type, owner references and everything else stay. Changes name the
 * data keys, never their values.
 */
export function replaceData<T extends ManagedObject>(existing: T, fresh: T): ShapeWrite<T> {
  const desired = {
    ...existing,
    metadata: {
      ...existing.metadata,
      labels: { ...existing.metadata.labels, ...fresh.metadata.labels },
      annotations: { ...existing.metadata.annotations, ...fresh.metadata.annotations },
    },
  } as T;
  for (const field of ['data', 'binaryData'] as const) {
    if (fresh[field] === undefined) delete desired[field];
    else (desired as Record<string, unknown>)[field] = fresh[field];
  }
  const changes: string[] = [];
  for (const field of ['data', 'binaryData'] as const) {
    const before = (existing[field] ?? {}) as Record<string, string>;
    const after = (desired[field] ?? {}) as Record<string, string>;
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) changes.push(`+ ${field} ${key}`);
      else if (before[key] !== after[key]) changes.push(`~ ${field} ${key}`);
    }
    for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) changes.push(`- ${field} ${key}`);
  }
  changes.push(...labelChanges(existing.metadata, desired.metadata));
  for (const [key, value] of Object.entries(fresh.metadata.annotations ?? {})) {
    const was = existing.metadata.annotations?.[key];
    if (was !== value) changes.push(`~ annotation ${key}: ${was ?? '(none)'} → ${value}`);
  }
  return { desired, changes, items: Object.keys(desired.data ?? {}) };
}

/** The labels and annotations pull-secret puts on every object it manages. */
export function managedLabels(labels?: Record<string, string>): Record<string, string> {
  return { ...labels, [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
}
