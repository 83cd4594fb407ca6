import type {
  DispatcherOptions,
  HttpLibrary,
  KubeConfig,
  Observable,
  RequestContext,
  ResponseContext,
  SecurityAuthentication,
  SelfDecodingBody,
} from '@kubernetes/client-node';
import type { Agent, Dispatcher, ProxyAgent } from 'undici';
import { execPluginFailure, watchExecPlugins } from './exec-plugin-failure.js';

/** The few client-node classes the transport builds its answers from (the module is loaded lazily). */
export interface TransportParts {
  Observable: new <T>(promise: Promise<T>) => Observable<T>;
  ResponseContext: new (
    status: number,
    headers: Record<string, string>,
    body: SelfDecodingBody,
  ) => ResponseContext;
  SelfDecodingBody: new (data: Promise<Buffer>) => SelfDecodingBody;
}

/** What the shared connection pool is made with: undici's agents and client-node's RequestContext. */
export interface PoolParts {
  Agent: typeof Agent;
  ProxyAgent: typeof ProxyAgent;
  RequestContext: new (url: string, method: 'GET') => RequestContext;
}

/**
 * The kubeconfig's authentication for every request (headers: bearer token, exec or auth-provider
 * credentials, basic auth, impersonation) with ONE undici dispatcher shared by all requests, so its
 * pool keeps connections alive. client-node's own `applySecurityAuthentication` makes a new Agent,
 * hence a new connection and TLS handshake, for every request. Everything here is client-node's
 * public API: `applyToHTTPSOptions` gives the headers and TLS settings, read afresh for each request
 * (an exec plugin may rotate a client certificate), and `createDispatcherOptions` turns them into the
 * dispatcher's options. The dispatcher is made again when those options change; the one it replaces
 * is closed once its requests are done. A SOCKS proxy needs client-node's own connector, which it does
 * not export: that dispatcher is taken from client-node (made once per settings, like the others).
 */
export function sharedDispatcherAuthentication(parts: PoolParts, config: KubeConfig): SecurityAuthentication {
  let current: { options: DispatcherOptions; dispatcher: Promise<Dispatcher> } | undefined;
  const dispatcherFor = (options: DispatcherOptions, server: string): Promise<Dispatcher> => {
    if (current && sameValue(current.options, options)) return current.dispatcher;
    const previous = current?.dispatcher;
    current = { options, dispatcher: makeDispatcher(parts, config, options, server) };
    // close() lets the requests it has finish. One that took the old dispatcher but had not sent yet
    // fails with UND_ERR_CLOSED, a network error the request policy retries (with the new one).
    previous?.then((dispatcher) => dispatcher.close()).catch(() => {});
    return current.dispatcher;
  };
  return {
    getName: () => 'kubeconfig authentication, shared connections',
    async applySecurityAuthentication(context) {
      const https: HttpsSettings = {};
      const user = config.getCurrentUser();
      if (user?.exec) await watchExecPlugins();
      try {
        await config.applyToHTTPSOptions(https as Parameters<KubeConfig['applyToHTTPSOptions']>[0]);
      } catch (error) {
        throw execPluginFailure(error, user) ?? error;
      }
      for (const [name, value] of Object.entries(https.headers ?? {})) {
        if (value !== undefined) context.setHeaderParam(name, String(value));
      }
      if (https.auth) {
        context.setHeaderParam('Authorization', `Basic ${Buffer.from(https.auth).toString('base64')}`);
      }
      // The TLS settings client-node's own applySecurityAuthentication passes on, and no others.
      const tls: Record<string, unknown> = {};
      for (const name of ['ca', 'cert', 'key', 'pfx', 'passphrase', 'rejectUnauthorized', 'servername']) {
        const value = https[name as keyof HttpsSettings];
        if (value !== undefined) tls[name] = value;
      }
      const cluster = config.getCurrentCluster();
      const options = config.createDispatcherOptions(cluster, tls);
      context.setDispatcher(await dispatcherFor(options, cluster?.server ?? ''));
    },
  };
}

/**
 * A cluster at a plain `http://` address (kubectl proxy) works as with kubectl. client-node refuses
 * one unless its `insecure-skip-tls-verify` is set, a setting that means nothing without TLS: it is set
 * here for http:// clusters only, so their requests go out as they are. https:// clusters are untouched.
 */
export function allowPlainHttp(config: KubeConfig): void {
  config.clusters = config.clusters.map((cluster) =>
    cluster.server.startsWith('http:') && !cluster.proxyUrl ? { ...cluster, skipTLSVerify: true } : cluster,
  );
}

/** The parts of https.RequestOptions applyToHTTPSOptions fills in that matter here. */
interface HttpsSettings {
  headers?: Record<string, string | number | string[] | undefined>;
  auth?: string;
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
  pfx?: unknown;
  passphrase?: string;
  rejectUnauthorized?: boolean;
  servername?: string;
}

async function makeDispatcher(
  parts: PoolParts,
  config: KubeConfig,
  options: DispatcherOptions,
  server: string,
): Promise<Dispatcher> {
  switch (options.type) {
    case 'agent':
      return new parts.Agent({ connect: options.connect });
    case 'proxy':
      return new parts.ProxyAgent({
        uri: options.uri,
        requestTls: options.requestTls,
        connect: options.connect,
      });
    case 'none':
      // No TLS settings: the system's CAs (and NODE_EXTRA_CA_CERTS), with client-node's keep-alive.
      return new parts.Agent({ connect: { keepAlive: true, keepAliveInitialDelay: 30_000 } });
    default: {
      const context = new parts.RequestContext(server, 'GET');
      await config.applySecurityAuthentication(context);
      const dispatcher = context.getDispatcher();
      if (!dispatcher) throw new Error("client-node gave no dispatcher for the cluster's proxy");
      return dispatcher as Dispatcher;
    }
  }
}

/**
 * Settings are read afresh for every request (new Buffers): equal by value, Buffers by content, an
 * undefined field as absent. Called once per request, so it allocates nothing.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) {
    return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let fields = 0;
  for (const key in left) {
    if (left[key] === undefined) continue;
    fields++;
    if (!sameValue(left[key], right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) fields--;
  return fields === 0;
}

/** The part of an undici Dispatcher this uses: its plain `request`, without fetch's machinery. */
interface RequestDispatcher {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: { arrayBuffer(): Promise<ArrayBuffer> };
  }>;
}

/**
 * client-node's HTTP library slot (`httpApi`) filled with undici's `Dispatcher.request` on the
 * dispatcher the authentication set on the request (see sharedDispatcherAuthentication), each
 * attempt with its own abort signal. client-node's default library goes through undici's `fetch`,
 * whose WHATWG streams, Headers and Request objects cost about as much CPU as the rest of a request
 * together. The body is read whole (and gunzipped) before client-node sees the response, so a
 * connection is never left waiting on a body nobody reads. A request that carries no dispatcher
 * goes to `fallback` (client-node's own library).
 */
export function dispatcherTransport(
  parts: TransportParts,
  signal: AbortSignal,
  fallback: HttpLibrary,
): HttpLibrary {
  return {
    send(context: RequestContext) {
      context.setSignal(signal);
      const dispatcher = context.getDispatcher() as RequestDispatcher | undefined;
      if (typeof dispatcher?.request !== 'function') return fallback.send(context);
      return new parts.Observable(send(parts, dispatcher, context, signal));
    },
  };
}

async function send(
  parts: TransportParts,
  dispatcher: RequestDispatcher,
  context: RequestContext,
  signal: AbortSignal,
): Promise<ResponseContext> {
  // An absolute URL client-node already normalised: split it at the first `/` after the host.
  const url = context.getUrl();
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  const body = context.getBody();
  const response = await dispatcher.request({
    origin: pathStart < 0 ? url : url.slice(0, pathStart),
    path: pathStart < 0 ? '/' : url.slice(pathStart),
    method: context.getHttpMethod(),
    // As client-go and fetch ask: the API server gzips answers over 128 KiB (long lists) when allowed.
    headers: { 'Accept-Encoding': 'gzip', ...context.getHeaders() },
    ...(body === undefined ? {} : { body: String(body) }),
    signal,
  });
  const received = Buffer.from(await response.body.arrayBuffer());
  const gzipped = /^\s*gzip\s*$/i.test(String(response.headers['content-encoding'] ?? ''));
  const bytes = gzipped ? await gunzip(received) : received;
  // undici marks the connection free for the pool a moment after the body ends. A caller that sends
  // its next request at once (read, then write) would find every connection busy and open one more:
  // twice the concurrency in TLS connections. One turn of the event loop lets the pool catch up.
  await new Promise((resolve) => setImmediate(resolve));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined || (gzipped && (name === 'content-encoding' || name === 'content-length')))
      continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return new parts.ResponseContext(
    response.statusCode,
    headers,
    new parts.SelfDecodingBody(Promise.resolve(bytes)),
  );
}

/** zlib is loaded only for a compressed answer, so commands that never get one do not load it. */
async function gunzip(data: Buffer): Promise<Buffer> {
  const zlib = await import('node:zlib');
  return new Promise((resolve, reject) =>
    zlib.gunzip(data, (error, result) => (error ? reject(error) : resolve(result))),
  );
}
