import type { ObjectStore, StoreEvent } from './object-store.js';

/**
 * The API server's watch cache, as clients see it: the last `capacity` changes, so a watch can resume
 * after the resourceVersion it last saw; a resourceVersion older than what is held gets 410 Gone.
 * One history for every resource (the real server keeps one per resource, over one etcd revision).
 */
export class WatchHistory {
  readonly #events: StoreEvent[] = [];
  /** Every change after this revision is held. */
  #floor: number;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly store: ObjectStore,
    private readonly capacity: number,
  ) {
    if (!(Number.isInteger(capacity) && capacity > 0))
      throw new RangeError(`the watch history holds 1 or more events, not ${capacity}`);
    this.#floor = Number(store.resourceVersion);
    this.#unsubscribe = store.subscribe((event) => {
      this.#events.push(event);
      if (this.#events.length > this.capacity) this.#floor = (this.#events.shift() as StoreEvent).revision;
    });
  }

  /** The oldest resourceVersion a watch may start from; older ones are "too old". */
  get floor(): number {
    return this.#floor;
  }

  /** The changes after `revision`, or undefined when some of them are no longer held. */
  since(revision: number): StoreEvent[] | undefined {
    if (revision < this.#floor) return undefined;
    return this.#events.filter((event) => event.revision > revision);
  }

  /** Forgets every change so far, as an etcd compaction does: watches from before now get 410. */
  compact(): void {
    this.#events.length = 0;
    this.#floor = Number(this.store.resourceVersion);
  }

  close(): void {
    this.#unsubscribe();
  }
}
