import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request as httpsRequest } from 'node:https';
import type { KubeTestServer } from './kube-test-server.js';

// An HTTPS client for the tests: trusts only the server's own CA, keeps connections alive, and
// returns status, headers and parsed JSON whatever the status.

export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields
  body: any;
  text: string;
  /** The body as it came, before any decoding. */
  bytes: Buffer;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  /** A different bearer token; null sends none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface TestClient {
  request(method: string, path: string, options?: RequestOptions): Promise<TestResponse>;
  get(path: string, options?: RequestOptions): Promise<TestResponse>;
  post(path: string, body: unknown, options?: RequestOptions): Promise<TestResponse>;
  put(path: string, body: unknown, options?: RequestOptions): Promise<TestResponse>;
  patch(
    path: string,
    type: 'json' | 'merge' | 'strategic-merge',
    body: unknown,
    options?: RequestOptions,
  ): Promise<TestResponse>;
  delete(path: string, options?: RequestOptions): Promise<TestResponse>;
  close(): void;
}

export function testClient(server: KubeTestServer): TestClient {
  // No socket limit: concurrent requests get concurrent connections, as many clients make them.
  const agent = new Agent({ ca: server.caPem, keepAlive: true });
  const request = (method: string, path: string, options: RequestOptions = {}) =>
    new Promise<TestResponse>((resolve, reject) => {
      const payload =
        options.body === undefined
          ? undefined
          : Buffer.isBuffer(options.body)
            ? options.body
            : Buffer.from(typeof options.body === 'string' ? options.body : JSON.stringify(options.body));
      const token = options.token === undefined ? server.token : options.token;
      const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
      if (token !== null) headers.Authorization = `Bearer ${token}`;
      if (payload) {
        headers['Content-Type'] = options.contentType ?? 'application/json';
        headers['Content-Length'] = String(payload.length);
      }
      const outgoing = httpsRequest(new URL(path, server.url), { method, agent, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body, text, bytes });
        });
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, type, body, options) =>
      request('PATCH', path, { ...options, body, contentType: `application/${type}-patch+json` }),
    delete: (path, options) => request('DELETE', path, options),
    close: () => agent.destroy(),
  };
}

/** A Secret body for POST/PUT. */
export function secretBody(
  name: string,
  fields: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, ...metadata }, ...fields };
}

export const b64 = (text: string): string => Buffer.from(text).toString('base64');
