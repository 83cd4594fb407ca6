import { randomBytes } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { gzipSync, constants as zlib } from 'node:zlib';
import { generateTlsMaterial } from './certificates.js';
import { FaultInjector, type FaultKind, type FaultSettings } from './faults.js';
import { type ApiResponse, KubeApi } from './kube-api.js';
import { kubeconfigYaml } from './kubeconfig.js';
import { NamespaceControllers } from './namespace-controllers.js';
import { ObjectStore } from './object-store.js';
import { checkRules, type PolicyRule, type User } from './rbac.js';
import { prepareObject, RESOURCES } from './resources.js';
import { ApiError, internalError, tooManyRequests, unauthorized } from './status.js';
import { WatchStreams } from './watch.js';
import { WatchHistory } from './watch-history.js';

export interface TokenOptions {
  /**
   * Without `rules`: the namespaces whose secrets, service accounts, config maps and leases the token
   * may use (and which it may get), nothing at cluster scope. With `rules`: where they are bound.
   * Absent: everywhere, cluster scope included.
   */
  namespaces?: string[];
  /** The user name in 403 messages. */
  user?: string;
  /**
   * RBAC rules, as a Role or ClusterRole would grant: every request needs a rule for its verb (get,
   * list, watch, create, update, patch, delete), API group, resource and namespace, or gets 403.
   */
  rules?: PolicyRule[];
}

export interface KubeTestServerOptions {
  /** A count N creates ns-1…ns-N; names create those. default, kube-system and kube-public always exist. */
  namespaces?: number | string[];
  /** Delay before every request is handled. */
  latencyMs?: number;
  /** Chance, 0 to 1, that a request (not discovery) fails with one of `faults`. */
  faultRate?: number;
  faults?: FaultKind[];
  /** Extra bearer tokens, beyond `server.token` (which may do everything). */
  tokens?: Record<string, TokenOptions>;
  /** Seed of the fault generator; the same seed gives the same faults. Default 1. */
  seed?: number;
  /** Port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /** Delay before a new namespace's `default` ServiceAccount appears; default 50 ms, 0 for at once. */
  serviceAccountDelayMs?: number;
  /** How long a deleted namespace stays Terminating before it is gone; default 0. */
  namespaceDeletionDelayMs?: number;
  /** How many changes the watch history holds; a watch from an older resourceVersion gets 410. Default 1000. */
  watchHistorySize?: number;
  /**
   * How often a watch with allowWatchBookmarks=true gets a BOOKMARK; default 1000 ms (the real
   * server sends one about every minute, which tests cannot wait for).
   */
  watchBookmarkIntervalMs?: number;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The HTTP status sent; 0 when the connection was dropped. */
  status: number;
  /** When the request arrived (ms since the epoch). */
  time: number;
  /** Set when the request got an injected fault rather than an answer. */
  fault?: FaultKind;
}

export interface KubeTestServer {
  /** https://127.0.0.1:PORT */
  url: string;
  /** The CA certificate (PEM) that issued the server's certificate. */
  caPem: string;
  /** A bearer token allowed everything. */
  token: string;
  /** kubeconfig YAML: cluster, user and context named kube-test, the context current. */
  kubeconfig: string;
  /** Writes the kubeconfig with mode 0600. */
  writeKubeconfig(path: string): Promise<void>;
  /** Every request received, in arrival order. */
  readonly requests: readonly RequestLogEntry[];
  resetRequests(): void;
  /** The objects, for assertions and seeding. */
  store: ObjectStore;
  /**
   * The next `count` updates (PUT) and patches (PATCH) of an existing object each first meet a
   * concurrent write that changes the object (an annotation) and bumps its resourceVersion, so an
   * update that carries the resourceVersion it read gets 409 Conflict.
   */
  injectConflicts(count: number): void;
  setFaults(settings: FaultSettings): void;
  setLatency(ms: number): void;
  /** Sets status.phase Terminating and deletionTimestamp; the namespace stays until the server closes. */
  markNamespaceTerminating(name: string): void;
  /**
   * Drops the watch history, as an etcd compaction does: a watch from any resourceVersion before now
   * gets an ERROR event with a 410 Expired Status ("too old resource version: N (M)"), and a list with
   * resourceVersionMatch=Exact a 410.
   */
  compactWatchHistory(): void;
  /** How many watch streams are open. */
  readonly openWatches: number;
  /**
   * Ends every open watch stream; clients must re-watch. 'end' (the default) closes them cleanly, as
   * an API server shutting down does; 'drop' destroys the connections, as a network failure does.
   */
  closeWatches(how?: 'end' | 'drop'): void;
  /** Ends the watch streams, then stops listening. */
  close(): Promise<void>;
}

/** Requests that never get faults: clients need discovery to reach the API at all. */
const DISCOVERY = /^\/(version|api|api\/v1|apis(\/[^/]+){0,2}|openapi\/.*|healthz|livez|readyz)\/?$/;
/** Readable without a token, as the real server's system:public-info-viewer role allows. */
const PUBLIC = /^\/(version|healthz|livez|readyz)\/?$/;
const HEALTH = /^\/(healthz|livez|readyz)\/?$/;
/** The real server refuses bodies over 3 MiB. */
const MAX_BODY_BYTES = 3 * 1024 * 1024;
const BASE_NAMESPACES = ['default', 'kube-system', 'kube-public'];
/** The real server gzips, at level 1, an answer over 128 KiB for a client that accepts gzip. */
const GZIP_THRESHOLD_BYTES = 128 * 1024;

export async function startKubeTestServer(options: KubeTestServerOptions = {}): Promise<KubeTestServer> {
  const tls = generateTlsMaterial();
  const token = randomBytes(24).toString('base64url');
  const users = new Map<string, User>([[token, { name: 'kube-test-admin' }]]);
  Object.entries(options.tokens ?? {}).forEach(([secret, { namespaces, user, rules }], index) => {
    if (rules) checkRules(rules);
    users.set(secret, {
      name: user ?? `kube-test-user-${index + 1}`,
      ...(namespaces ? { namespaces: new Set(namespaces) } : {}),
      ...(rules ? { rules: structuredClone(rules) } : {}),
    });
  });

  const store = new ObjectStore();
  const history = new WatchHistory(store, options.watchHistorySize ?? 1000);
  seedNamespaces(store, options.namespaces);
  const controllers = new NamespaceControllers(store, {
    serviceAccountDelayMs: options.serviceAccountDelayMs ?? 50,
    namespaceDeletionDelayMs: options.namespaceDeletionDelayMs ?? 0,
  });

  const faults = new FaultInjector(options.seed ?? 1, {
    rate: options.faultRate ?? 0,
    kinds: options.faults,
  });
  let latencyMs = checkLatency(options.latencyMs ?? 0);
  const requests: RequestLogEntry[] = [];
  // The port is known once listening; discovery (/api) names the address, so it is read per request.
  let address = '';
  const api = new KubeApi(store, controllers, () => address, history);
  const bookmarkIntervalMs = options.watchBookmarkIntervalMs ?? 1000;
  if (!(bookmarkIntervalMs > 0 && Number.isFinite(bookmarkIntervalMs)))
    throw new RangeError(`the bookmark interval must be more than 0 ms, not ${bookmarkIntervalMs}`);
  const watches = new WatchStreams(store, history, () => bookmarkIntervalMs);

  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Only a bug in this server gets here; answer like the real server's panic handler.
      if (!response.headersSent)
        send(response, undefined, { code: 500, body: internalError(String(error)).toStatus() });
    });
  });
  // Clients keep connections open between requests (client-go for 90 s): closing an idle one first
  // would race a request sent on it into ECONNRESET, which no real API server provokes.
  server.keepAliveTimeout = 120_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'https://kube-test-server');
    const entry: RequestLogEntry = {
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      time: Date.now(),
    };
    requests.push(entry);
    const body = await readBody(request);
    if (latencyMs > 0) await delay(latencyMs);

    const fault = DISCOVERY.test(url.pathname) ? undefined : faults.next();
    if (fault !== undefined) {
      entry.fault = fault;
      if (fault === 'drop') {
        request.socket.destroy();
        return;
      }
      const error = fault === '429' ? tooManyRequests(1) : internalError('kube-test-server injected a fault');
      send(response, entry, errorResponse(error));
      return;
    }

    try {
      if (body === undefined) {
        throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is too large: limit is 3MB');
      }
      const user = authenticate(request.headers.authorization, url.pathname);
      if (HEALTH.test(url.pathname)) {
        entry.status = 200;
        response.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
        return;
      }
      const answer = api.handle({
        method: entry.method,
        path: url.pathname,
        query: url.searchParams,
        headers: request.headers,
        body,
        user,
      });
      if (answer.watch) {
        entry.status = 200;
        watches.serve(response, answer.watch);
        return;
      }
      send(response, entry, answer);
    } catch (error) {
      if (error instanceof ApiError) {
        send(response, entry, errorResponse(error));
        return;
      }
      // A bug in this server, not an answer the real one would give: make it loud.
      console.error('kube-test-server: unexpected error', error);
      send(response, entry, errorResponse(internalError(String(error))));
    }
  }

  function authenticate(header: string | undefined, path: string): User {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) {
      if (header === undefined && PUBLIC.test(path))
        return { name: 'system:anonymous', namespaces: new Set() };
      throw unauthorized();
    }
    const user = users.get(match[1] as string);
    if (!user) throw unauthorized();
    return user;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  address = `127.0.0.1:${port}`;
  const url = `https://127.0.0.1:${port}`;
  const kubeconfig = kubeconfigYaml({ server: url, caPem: tls.caPem, token });

  return {
    url,
    caPem: tls.caPem,
    token,
    kubeconfig,
    async writeKubeconfig(path) {
      await writeFile(path, kubeconfig, { mode: 0o600 });
      // The mode above applies only to a new file; an existing one keeps its own until this.
      await chmod(path, 0o600);
    },
    requests,
    resetRequests() {
      requests.length = 0;
    },
    store,
    injectConflicts(count) {
      api.injectConflicts(count);
    },
    setFaults(settings) {
      faults.set(settings);
    },
    setLatency(ms) {
      latencyMs = checkLatency(ms);
    },
    markNamespaceTerminating(name) {
      if (!controllers.markTerminating(name)) throw new Error(`namespace ${name} does not exist`);
    },
    compactWatchHistory() {
      history.compact();
    },
    get openWatches() {
      return watches.size;
    },
    closeWatches(how) {
      watches.closeAll(how);
    },
    close() {
      watches.closeAll();
      history.close();
      controllers.close();
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

function checkLatency(ms: number): number {
  if (!(ms >= 0 && Number.isFinite(ms)))
    throw new RangeError(`latency must be 0 or more milliseconds, not ${ms}`);
  return ms;
}

/** The cluster existed before the test: its namespaces are there, each with its ServiceAccount. */
function seedNamespaces(store: ObjectStore, namespaces: KubeTestServerOptions['namespaces']): void {
  const names =
    typeof namespaces === 'number'
      ? Array.from({ length: namespaces }, (_, index) => `ns-${index + 1}`)
      : (namespaces ?? []);
  const now = new Date();
  for (const name of new Set([...BASE_NAMESPACES, ...names])) {
    const namespace = prepareObject(RESOURCES.namespaces, { metadata: { name } }, undefined, undefined, now);
    const account = prepareObject(
      RESOURCES.serviceaccounts,
      { metadata: { name: 'default' } },
      undefined,
      name,
      now,
    );
    store.write('namespaces', namespace);
    store.write('serviceaccounts', account);
  }
}

/** The body, or undefined when it is larger than the API server accepts. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks);
}

function errorResponse(error: ApiError): ApiResponse {
  return { code: error.code, body: error.toStatus(), headers: error.headers };
}

function send(response: ServerResponse, entry: RequestLogEntry | undefined, answer: ApiResponse): void {
  const text = JSON.stringify(answer.body);
  const gzip =
    Buffer.byteLength(text) > GZIP_THRESHOLD_BYTES &&
    /(^|,)\s*gzip\s*(;|,|$)/i.test(String(response.req.headers['accept-encoding'] ?? ''));
  const payload = gzip ? gzipSync(text, { level: zlib.Z_BEST_SPEED }) : text;
  response.writeHead(answer.code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-cache, private',
    ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
    ...answer.headers,
  });
  response.end(payload);
  if (entry) entry.status = answer.code;
}
