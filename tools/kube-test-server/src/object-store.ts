import { cloneJson } from './json.js';
import type { KubeObject, ResourceName } from './resource-definition.js';
import { prepareObject, RESOURCES, resourceForKind } from './resources.js';

export type NamespacedResource = Exclude<ResourceName, 'namespaces'>;

export interface StoreEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceName;
  /** The object after the change; for DELETED, the object as it was when deleted. */
  object: KubeObject;
  /** The object before a MODIFIED change. */
  previous?: KubeObject;
  /** The revision this change made; a DELETED object's own resourceVersion is still the old one. */
  revision: number;
}

/**
 * Every object the server holds, as etcd holds them for the real API server: one global revision,
 * bumped by every write and delete, which becomes the written object's resourceVersion.
 *
 * Tests get copies (get, list, put, delete); the API handlers use the raw objects (peek, scan, write,
 * remove) and never mutate one in place: a write always stores a new object.
 */
export class ObjectStore {
  #revision = 0;
  readonly #objects = new Map<ResourceName, Map<string, Map<string, KubeObject>>>(
    Object.keys(RESOURCES).map((resource) => [resource as ResourceName, new Map()]),
  );
  readonly #listeners = new Set<(event: StoreEvent) => void>();

  /** The revision of the last write: a list's metadata.resourceVersion. */
  get resourceVersion(): string {
    return String(this.#revision);
  }

  get(resource: 'namespaces', name: string): KubeObject | undefined;
  get(resource: NamespacedResource, namespace: string, name: string): KubeObject | undefined;
  get(resource: ResourceName, first: string, second?: string): KubeObject | undefined {
    const [namespace, name] = second === undefined ? ['', first] : [first, second];
    return cloneJson(this.peek(resource, namespace, name));
  }

  /** Copies of the objects, sorted by namespace and name; all namespaces when `namespace` is absent. */
  list(resource: ResourceName, namespace?: string): KubeObject[] {
    return this.scan(resource, namespace).map((object) => cloneJson(object));
  }

  /**
   * Stores an object the way a write through the API would store it (uid, creationTimestamp,
   * defaults, stringData folded into data, a new resourceVersion) but without validation or
   * admission, so tests can seed anything, even what the API would refuse. The kind picks the resource.
   */
  put(object: KubeObject): KubeObject {
    const resource = resourceForKind(object.kind);
    if (!resource)
      throw new Error(
        `kube-test-server stores Namespace, Secret, ServiceAccount, ConfigMap and Lease, not ${String(object.kind)}`,
      );
    const namespace = resource.namespaced ? (object.metadata.namespace ?? 'default') : '';
    const existing = this.peek(resource.name, namespace, object.metadata.name);
    const prepared = prepareObject(resource, cloneJson(object), existing, namespace || undefined, new Date());
    return cloneJson(this.write(resource.name, prepared));
  }

  delete(resource: 'namespaces', name: string): boolean;
  delete(resource: NamespacedResource, namespace: string, name: string): boolean;
  delete(resource: ResourceName, first: string, second?: string): boolean {
    const [namespace, name] = second === undefined ? ['', first] : [first, second];
    return this.remove(resource, namespace, name) !== undefined;
  }

  /** The stored object itself (namespace '' for namespaces); callers must not mutate it. */
  peek(resource: ResourceName, namespace: string, name: string): KubeObject | undefined {
    return this.#objects.get(resource)?.get(namespace)?.get(name);
  }

  /** The stored objects, sorted as etcd's keys are: by namespace, then name. */
  scan(resource: ResourceName, namespace?: string): KubeObject[] {
    const byNamespace = this.#objects.get(resource) as Map<string, Map<string, KubeObject>>;
    const namespaces = namespace === undefined ? [...byNamespace.keys()].sort() : [namespace];
    const objects: KubeObject[] = [];
    for (const key of namespaces) {
      const byName = byNamespace.get(key);
      if (!byName) continue;
      for (const name of [...byName.keys()].sort()) objects.push(byName.get(name) as KubeObject);
    }
    return objects;
  }

  /** Stores `object` under a new revision, which it takes as its resourceVersion. */
  write(resource: ResourceName, object: KubeObject): KubeObject {
    this.#revision++;
    object.metadata.resourceVersion = String(this.#revision);
    const namespace = object.metadata.namespace ?? '';
    const byNamespace = this.#objects.get(resource) as Map<string, Map<string, KubeObject>>;
    let byName = byNamespace.get(namespace);
    if (!byName) {
      byName = new Map();
      byNamespace.set(namespace, byName);
    }
    const previous = byName.get(object.metadata.name);
    byName.set(object.metadata.name, object);
    this.#emit(
      previous
        ? { type: 'MODIFIED', resource, object, previous, revision: this.#revision }
        : { type: 'ADDED', resource, object, revision: this.#revision },
    );
    return object;
  }

  remove(resource: ResourceName, namespace: string, name: string): KubeObject | undefined {
    const byNamespace = this.#objects.get(resource) as Map<string, Map<string, KubeObject>>;
    const byName = byNamespace.get(namespace);
    const object = byName?.get(name);
    if (!byName || !object) return undefined;
    this.#revision++;
    byName.delete(name);
    if (byName.size === 0) byNamespace.delete(namespace);
    this.#emit({ type: 'DELETED', resource, object, revision: this.#revision });
    return object;
  }

  /** Calls `listener` after every write and delete, like a watch on every resource. */
  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(event: StoreEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}
