import type { ServerResponse } from 'node:http';
import type { ObjectStore, StoreEvent } from './object-store.js';
import type { KubeObject, ResourceDefinition } from './resource-definition.js';
import { ApiError, type Status } from './status.js';
import { type IncludeObject, toTable } from './table.js';
import type { WatchHistory } from './watch-history.js';

// A watch as the real API server streams it: HTTP 200 at once, then one JSON object per line,
// {"type":"ADDED|MODIFIED|DELETED|BOOKMARK|ERROR","object":{…}}, until the client goes, the
// timeoutSeconds pass, or the server closes. Errors found after the 200 (a resourceVersion that is too
// old or too new) arrive as one ERROR event carrying a Status, then the stream ends: that is how
// client-go and @kubernetes/client-node learn to relist.

/** What a watch request asked for; KubeApi checks the request and authorisation and builds it. */
export interface WatchSpec {
  resource: ResourceDefinition;
  /** Only this namespace's objects; absent: every namespace (or a cluster-scoped resource). */
  namespace?: string;
  /** The label and field selectors. */
  matches(object: KubeObject): boolean;
  /** The request's resourceVersion: absent, '' or '0' sends the current objects as ADDED first. */
  resourceVersion?: string;
  /** allowWatchBookmarks=true */
  bookmarks: boolean;
  /** timeoutSeconds: the stream ends after it. */
  timeoutSeconds?: number;
  /** Set when the client asked for Tables (kubectl get -w): each event's object is a one-row Table. */
  table?: IncludeObject;
}

interface WireEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: unknown;
}

/** The API server's NewResourceExpired, as the watch cache words it: "too old resource version: 5 (12)". */
export function tooOldResourceVersion(requested: number, oldest: number): ApiError {
  return new ApiError(410, 'Expired', `too old resource version: ${requested} (${oldest})`);
}

/** What the watch cache answers a resourceVersion it has not reached (after waiting 3 s for it). */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(
    504,
    'Timeout',
    `Timeout: Too large resource version: ${requested}, current: ${current}`,
    {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
    { 'Retry-After': '1' },
  );
}

/** Every open watch stream, so the server can end them when it closes. */
export class WatchStreams {
  readonly #open = new Map<ServerResponse, () => void>();

  constructor(
    private readonly store: ObjectStore,
    private readonly history: WatchHistory,
    private readonly bookmarkIntervalMs: () => number,
  ) {}

  /** How many watches are open now. */
  get size(): number {
    return this.#open.size;
  }

  /** Starts streaming. Synchronous up to the subscription, so no change can fall between replay and live events. */
  serve(response: ServerResponse, spec: WatchSpec): void {
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    response.flushHeaders();
    const send = (event: WireEvent) => {
      if (spec.table !== undefined && event.type !== 'ERROR' && event.type !== 'BOOKMARK') {
        const object = event.object as KubeObject;
        const metadata = { resourceVersion: object.metadata.resourceVersion };
        event = { type: event.type, object: toTable(spec.resource, [object], metadata, spec.table) };
      }
      response.write(`${JSON.stringify(event)}\n`);
    };
    const fail = (error: ApiError) => {
      send({ type: 'ERROR', object: error.toStatus() satisfies Status });
      response.end();
    };

    const current = Number(this.store.resourceVersion);
    const start = spec.resourceVersion;
    if (start === undefined || start === '' || start === '0') {
      for (const object of this.store.scan(spec.resource.name, spec.namespace)) {
        if (spec.matches(object)) send({ type: 'ADDED', object });
      }
    } else {
      const requested = Number(start);
      if (requested > current) {
        fail(tooLargeResourceVersion(requested, current));
        return;
      }
      const replay = this.history.since(requested);
      if (replay === undefined) {
        fail(tooOldResourceVersion(requested, this.history.floor));
        return;
      }
      for (const event of replay) {
        const wire = this.#convert(event, spec);
        if (wire) send(wire);
      }
    }

    const unsubscribe = this.store.subscribe((event) => {
      const wire = this.#convert(event, spec);
      if (wire) send(wire);
    });
    const timers: NodeJS.Timeout[] = [];
    if (spec.bookmarks) {
      const bookmark = () =>
        send({
          type: 'BOOKMARK',
          object: {
            kind: spec.resource.kind,
            apiVersion: spec.resource.apiVersion,
            // creationTimestamp is null in the real server's bookmarks too: metav1.Time has no omitempty.
            metadata: { resourceVersion: this.store.resourceVersion, creationTimestamp: null },
          },
        });
      timers.push(setInterval(bookmark, this.bookmarkIntervalMs()));
    }
    if (spec.timeoutSeconds !== undefined && spec.timeoutSeconds > 0) {
      timers.push(setTimeout(() => response.end(), spec.timeoutSeconds * 1000));
    }
    const stop = () => {
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      this.#open.delete(response);
    };
    this.#open.set(response, stop);
    response.once('close', stop);
    response.once('finish', stop);
  }

  /**
   * Ends every stream: 'end' cleanly (the last chunk sent), as a server shutting down does; 'drop'
   * destroys the connections mid-stream, as a network failure or a killed server does.
   */
  closeAll(how: 'end' | 'drop' = 'end'): void {
    for (const [response, stop] of [...this.#open]) {
      stop();
      if (how === 'drop') response.socket?.destroy();
      else response.end();
    }
  }

  /**
   * A change as this watch sees it, as the watch cache converts it: an object that starts matching the
   * selectors is ADDED, one that stops matching is DELETED (its previous content, the change's
   * resourceVersion), and a deleted object carries the revision of its deletion.
   */
  #convert(event: StoreEvent, spec: WatchSpec): WireEvent | undefined {
    if (event.resource !== spec.resource.name) return undefined;
    if (spec.namespace !== undefined && event.object.metadata.namespace !== spec.namespace) return undefined;
    const revision = String(event.revision);
    if (event.type === 'DELETED') {
      return spec.matches(event.object)
        ? { type: 'DELETED', object: withVersion(event.object, revision) }
        : undefined;
    }
    const now = spec.matches(event.object);
    const before = event.previous !== undefined && spec.matches(event.previous);
    if (now) return { type: before ? 'MODIFIED' : 'ADDED', object: event.object };
    if (before) return { type: 'DELETED', object: withVersion(event.previous as KubeObject, revision) };
    return undefined;
  }
}

function withVersion(object: KubeObject, resourceVersion: string): KubeObject {
  return { ...object, metadata: { ...object.metadata, resourceVersion } };
}
