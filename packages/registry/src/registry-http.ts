import { rootCertificates } from 'node:tls';
import { type Dispatcher, EnvHttpProxyAgent, request } from 'undici';

export interface RegistryHttpInit {
  /** Extra CA certificates (PEM), trusted on top of Node's bundled roots. */
  ca?: string;
  insecureSkipTLSVerify?: boolean;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) are read from here. */
  env: Readonly<Record<string, string | undefined>>;
  signal: AbortSignal;
}

export interface RegistryHttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** The URL that answered, after redirects. */
  url: string;
}

export interface RegistryHttp {
  send(
    url: string,
    init: { method: 'GET' | 'HEAD'; headers: Record<string, string> },
  ): Promise<RegistryHttpResponse>;
  close(): Promise<void>;
}

const MAX_REDIRECTS = 5;
const MAX_BODY = 64 * 1024;

/**
 * HTTP for talking to one registry, on undici (the client Node's own fetch is built on): its
 * EnvHttpProxyAgent implements HTTP(S)_PROXY and NO_PROXY, and takes the CA for both direct and
 * tunnelled connections, which Node's global fetch cannot be given. Redirects are followed here, not by
 * undici, so that `Authorization` is never sent to another origin.
 */
export function registryHttp(init: RegistryHttpInit): RegistryHttp {
  const tls = {
    ...(init.ca ? { ca: [...rootCertificates, init.ca] } : {}),
    rejectUnauthorized: !init.insecureSkipTLSVerify,
  };
  const env = (name: string) => init.env[name] ?? init.env[name.toLowerCase()] ?? '';
  const dispatcher: Dispatcher = new EnvHttpProxyAgent({
    // Empty strings, not undefined: undefined would make undici read process.env itself.
    httpProxy: env('HTTP_PROXY'),
    httpsProxy: env('HTTPS_PROXY'),
    noProxy: env('NO_PROXY'),
    connect: tls,
    requestTls: tls,
  });
  return {
    async send(url, { method, headers }) {
      let current = new URL(url);
      let sent = headers;
      for (let hop = 0; ; hop += 1) {
        const response = await request(current, {
          method,
          headers: { 'user-agent': 'pull-secret', ...sent },
          dispatcher,
          signal: init.signal,
        });
        const location = response.headers.location;
        if (response.statusCode >= 300 && response.statusCode < 400 && typeof location === 'string') {
          await response.body.dump();
          if (hop === MAX_REDIRECTS) throw new RedirectLoopError(current.href);
          const next = new URL(location, current);
          if (next.origin !== current.origin) {
            // Credentials are for the registry: a CDN or storage host it redirects to gets none.
            sent = Object.fromEntries(
              Object.entries(sent).filter(([name]) => name.toLowerCase() !== 'authorization'),
            );
          }
          current = next;
          continue;
        }
        const body = method === 'HEAD' ? '' : await readCapped(response.body);
        return { status: response.statusCode, headers: response.headers, body, url: current.href };
      }
    },
    close: () => dispatcher.close(),
  };
}

export class RedirectLoopError extends Error {
  constructor(url: string) {
    super(`More than ${MAX_REDIRECTS} redirects, the last from ${url}.`);
  }
}

async function readCapped(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}
