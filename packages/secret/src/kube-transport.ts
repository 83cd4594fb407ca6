import type {
  HttpLibrary,
  Observable,
  RequestContext,
  ResponseContext,
  SelfDecodingBody,
} from '@kubernetes/client-node';

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
 * dispatcher client-node itself configured for the request (TLS, client certificate, proxy), each
 * attempt with its own abort signal. client-node's default library goes through undici's `fetch`,
 * whose WHATWG streams, Headers and Request objects cost about as much CPU as the rest of a request
 * together. The body is read whole (and gunzipped) before client-node sees the response, so a
 * connection is never left waiting on a body nobody reads. Where client-node set no dispatcher (an https server trusted
 * through the system CAs, no client certificate), `fallback` (client-node's own library) sends it.
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
