import type { Dispatcher } from 'undici';
import { DEFAULT_TIMEOUT_MS, EndpointTimeoutError } from './endpoint-timeout.js';
import type { Transport } from './open-transport.js';
import { withDeadline } from './with-deadline.js';

export interface HttpClientInit {
  /**
   * Where HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) and NODE_EXTRA_CA_CERTS are read; never
   * process.env unless it is passed here.
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Extra CA certificates (PEM), trusted on top of Node's. */
  ca?: string | readonly string[];
  /** Files of extra CA certificates (PEM), read once here. */
  caFiles?: readonly string[];
  insecureSkipTLSVerify?: boolean;
  /** Limit for each `send`, connecting and answering, redirects included; default 30 000; 0 means none. */
  timeoutMs?: number;
  /** Bytes of a response body kept; the rest is dropped and `truncated` set. Default 1 MiB. */
  maxResponseBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  /** The caller's: aborting it stops every call at once. */
  signal?: AbortSignal;
}

export interface HttpRequest {
  /** Default GET. Only GET and HEAD follow redirects; any other method returns the 3xx as it is. */
  method?: 'GET' | 'HEAD' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** True when the body was longer than `maxResponseBytes` and was cut there. */
  truncated: boolean;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface HttpClient {
  send(url: string, request?: HttpRequest): Promise<HttpResponse>;
  close(): Promise<void>;
}

const DEFAULT_MAX_REDIRECTS = 5;
const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * HTTP on undici (the client Node's own fetch is built on): its EnvHttpProxyAgent implements
 * HTTP(S)_PROXY and NO_PROXY and takes the CA for both direct and tunnelled connections, which Node's
 * global fetch cannot be given. Redirects are followed here, not by undici, so that `Authorization`
 * is never sent to another origin. Every `send` has a deadline: past it, an `EndpointTimeoutError`.
 */
export function httpClient(init: HttpClientInit): HttpClient {
  const timeoutMs = init.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxRedirects = init.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const maxBytes = init.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  // undici, TLS and the CA files are loaded at the first call: importing this package (the CLI does
  // at start-up, for parseDuration and withDeadline) loads none of them.
  let transport: Promise<Transport> | undefined;
  const ready = () => {
    transport ??= import('./open-transport.js').then(({ openTransport }) => openTransport(init, timeoutMs));
    return transport;
  };

  async function follow(req: HttpRequest, signal: AbortSignal, at: { url: URL }) {
    const { dispatcher, request } = await ready();
    const method = req.method ?? 'GET';
    let sent = req.headers ?? {};
    for (let hop = 0; ; hop += 1) {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(at.url, {
          method,
          headers: { 'user-agent': 'pull-secret', ...sent },
          ...(req.body === undefined ? {} : { body: req.body }),
          dispatcher,
          signal,
        });
      } catch (error) {
        if (isTimeout(error)) throw new EndpointTimeoutError(at.url.href, timeoutMs);
        throw error;
      }
      const location = response.headers.location;
      if (
        (method === 'GET' || method === 'HEAD') &&
        response.statusCode >= 300 &&
        response.statusCode < 400 &&
        typeof location === 'string'
      ) {
        await response.body.dump();
        if (hop === maxRedirects) throw new RedirectLoopError(at.url.href, maxRedirects);
        const next = new URL(location, at.url);
        if (next.origin !== at.url.origin) {
          // Credentials are for the endpoint asked: a CDN or storage host it redirects to gets none.
          sent = Object.fromEntries(
            Object.entries(sent).filter(([name]) => name.toLowerCase() !== 'authorization'),
          );
        }
        at.url = next;
        continue;
      }
      const { body, truncated } =
        method === 'HEAD' ? { body: '', truncated: false } : await readCapped(response.body, maxBytes);
      return { status: response.statusCode, headers: response.headers, body, truncated, url: at.url.href };
    }
  }

  return {
    send(url, req = {}) {
      const at = { url: new URL(url) };
      return withDeadline((signal) => follow(req, signal, at), {
        endpoint: () => at.url.href,
        timeoutMs,
        signal: init.signal,
      });
    },
    // Destroyed, not closed: a call abandoned at its deadline may still hold a connection (a proxy's
    // CONNECT that never answers), and close() would wait for it.
    close: async () => {
      if (!transport) return;
      const opened = await transport.catch(() => undefined);
      await opened?.dispatcher.destroy();
    },
  };
}

export class RedirectLoopError extends Error {
  override name = 'RedirectLoopError';
  constructor(url: string, maxRedirects = DEFAULT_MAX_REDIRECTS) {
    super(`More than ${maxRedirects} redirects, the last from ${url}.`);
  }
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return (
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  );
}

async function readCapped(
  body: Dispatcher.ResponseData['body'],
  maxBytes: number,
): Promise<{ body: string; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = chunk as Buffer;
    if (size + buffer.length > maxBytes) {
      chunks.push(buffer.subarray(0, maxBytes - size));
      body.destroy();
      return { body: Buffer.concat(chunks).toString('utf8'), truncated: true };
    }
    chunks.push(buffer);
    size += buffer.length;
  }
  return { body: Buffer.concat(chunks).toString('utf8'), truncated: false };
}
