import type { KubeApi, WatchList, WatchPath } from '../kube-api.js';
import { type BackoffInit, backoff } from './backoff.js';

export type WatchedObject = WatchList['items'][number];

export interface WatchCollectionInit {
  api: KubeApi;
  path: WatchPath;
  labelSelector?: string;
  fieldSelector?: string;
  onAdd?(object: WatchedObject): void;
  onUpdate?(object: WatchedObject): void;
  onDelete?(object: WatchedObject): void;
  /** After every full list (the first, and each relist after 410 Gone), once its events are out. */
  onListed?(): void;
  /** The watch failed and is tried again in `retryInMs`. */
  onError?(error: unknown, retryInMs: number): void;
  /** Between attempts after a failure. */
  retry?: BackoffInit;
  /** No event or bookmark for this long: the stream is taken as dead and opened again. Default 5 min. */
  inactivityMs?: number;
  /** The server ends each watch after this long (the watch is then resumed). Default 4–5 min at random. */
  timeoutSeconds?: number;
}

export interface WatchedCollection {
  /** The objects as last seen. */
  list(): WatchedObject[];
  /** Full lists made so far. */
  lists(): number;
  /** The resourceVersion the watch resumes from. */
  resourceVersion(): string;
  stop(): Promise<void>;
}

/**
 * A list-then-watch of one collection on client-node's ListWatch (which resumes from the last
 * resourceVersion after the stream ends, and lists again after 410 Gone), with bookmarks asked for, a
 * time limit on every request, and a restart after a failure, the delays doubling with jitter up to a
 * bound. Resolves once the first list is done (or failed: then it keeps trying in the background).
 */
export async function watchCollection(init: WatchCollectionInit): Promise<WatchedCollection> {
  const { api } = init;
  if (!api.watch || !api.listForWatch) throw new Error('this Kubernetes client cannot watch');
  const k8s = await import('../client-node-parts.js');
  const retry = backoff(init.retry);
  const inactivityMs = init.inactivityMs ?? 300_000;
  let stopped = false;
  let restart: ReturnType<typeof setTimeout> | undefined;
  let lists = 0;
  const selectors = {
    ...(init.labelSelector ? { labelSelector: init.labelSelector } : {}),
    ...(init.fieldSelector ? { fieldSelector: init.fieldSelector } : {}),
  };
  const watcher = {
    watch: (
      path: string,
      query: Record<string, string | number | boolean | undefined>,
      onEvent: (type: string, object: unknown) => void,
      onDone: (error: unknown) => void,
    ) =>
      api.watch!(
        path,
        {
          ...query,
          allowWatchBookmarks: true,
          timeoutSeconds: init.timeoutSeconds ?? 240 + Math.floor(Math.random() * 60),
        },
        (type, object) => {
          retry.reset();
          onEvent(type, object);
        },
        onDone,
        inactivityMs,
      ),
  };
  const listFn = async () => {
    const list = await api.listForWatch!(init.path, selectors);
    lists++;
    retry.reset();
    // ListWatch hands the items out right after this resolves, in the same turn.
    setImmediate(() => {
      if (!stopped) init.onListed?.();
    });
    return list;
  };
  const informer = new k8s.ListWatch<WatchedObject & { metadata: object }>(
    init.path,
    watcher as never,
    listFn as never,
    false,
    init.labelSelector,
    init.fieldSelector,
  );
  informer.on('add', (object) => init.onAdd?.(object));
  informer.on('update', (object) => init.onUpdate?.(object));
  informer.on('delete', (object) => init.onDelete?.(object));
  informer.on('error', (error) => {
    if (stopped) return;
    const delay = retry.next();
    init.onError?.(error, delay);
    restart = setTimeout(() => {
      if (!stopped) void informer.start();
    }, delay);
  });
  await informer.start();
  return {
    list: () => [...informer.list()],
    lists: () => lists,
    resourceVersion: () => informer.latestResourceVersion(),
    async stop() {
      stopped = true;
      clearTimeout(restart);
      await informer.stop();
    },
  };
}
