import type { ObjectStore } from './object-store.js';
import type { KubeObject } from './resource-definition.js';
import { formatTime, prepareObject, RESOURCES } from './resources.js';

export interface NamespaceControllerOptions {
  /** How long after a namespace appears its `default` ServiceAccount does; 0 makes it at once. */
  serviceAccountDelayMs: number;
  /** How long a deleted namespace stays Terminating before it and its content are gone. */
  namespaceDeletionDelayMs: number;
}

/**
 * What kube-controller-manager does for namespaces, as far as clients can tell: the service-account
 * controller gives every active namespace a `default` ServiceAccount shortly after it appears (and
 * again if it is deleted), and the namespace controller empties a deleted namespace, then removes it.
 */
export class NamespaceControllers {
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly options: NamespaceControllerOptions,
  ) {
    this.#unsubscribe = store.subscribe((event) => {
      if (event.type === 'ADDED' && event.resource === 'namespaces') {
        this.#later(options.serviceAccountDelayMs, () =>
          this.ensureDefaultServiceAccount(event.object.metadata.name),
        );
      } else if (
        event.type === 'DELETED' &&
        event.resource === 'serviceaccounts' &&
        event.object.metadata.name === 'default'
      ) {
        const namespace = event.object.metadata.namespace as string;
        this.#later(options.serviceAccountDelayMs, () => this.ensureDefaultServiceAccount(namespace));
      }
    });
  }

  ensureDefaultServiceAccount(namespace: string): void {
    const owner = this.store.peek('namespaces', '', namespace);
    if (!owner || isTerminating(owner) || this.store.peek('serviceaccounts', namespace, 'default')) return;
    const account = prepareObject(
      RESOURCES.serviceaccounts,
      { metadata: { name: 'default' } },
      undefined,
      namespace,
      new Date(),
    );
    this.store.write('serviceaccounts', account);
  }

  /** Marks the namespace Terminating (what DELETE does first); returns the stored object. */
  markTerminating(name: string): KubeObject | undefined {
    const current = this.store.peek('namespaces', '', name);
    if (!current) return undefined;
    if (isTerminating(current)) return current;
    const metadata = { ...current.metadata, deletionTimestamp: formatTime(new Date()) };
    const ordered = { ...current, metadata: orderMetadata(metadata), status: { phase: 'Terminating' } };
    return this.store.write('namespaces', ordered);
  }

  /** After the deletion delay, deletes everything in the namespace and then the namespace itself. */
  scheduleFinalization(name: string): void {
    this.#later(this.options.namespaceDeletionDelayMs, () => {
      for (const resource of Object.values(RESOURCES).filter((definition) => definition.namespaced)) {
        for (const object of this.store.scan(resource.name, name))
          this.store.remove(resource.name, name, object.metadata.name);
      }
      this.store.remove('namespaces', '', name);
    });
  }

  close(): void {
    this.#unsubscribe();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #later(delayMs: number, task: () => void): void {
    if (delayMs <= 0) {
      task();
      return;
    }
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      task();
    }, delayMs);
    this.#timers.add(timer);
  }
}

export function isTerminating(namespace: KubeObject): boolean {
  return (namespace.status as { phase?: string } | undefined)?.phase === 'Terminating';
}

/** deletionTimestamp sits after creationTimestamp in ObjectMeta, so keep Go's field order. */
function orderMetadata(metadata: KubeObject['metadata']): KubeObject['metadata'] {
  const { name, namespace, uid, resourceVersion, creationTimestamp, deletionTimestamp, ...rest } = metadata;
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid,
    resourceVersion,
    creationTimestamp,
    deletionTimestamp,
    ...rest,
  };
}
