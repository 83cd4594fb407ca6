import type { Server } from 'node:http';

export interface HealthServerInit {
  /** Port (0: any free one). */
  port: number;
  /** Default all interfaces, as a pod's probes and Prometheus reach it from outside. */
  host?: string;
  /** `/readyz` answers 200 once this is true. */
  ready(): boolean;
  /** The `/metrics` body, in the Prometheus text format. */
  metrics(): string;
}

/**
 * `/healthz` (the process runs), `/readyz` (it has listed what it watches once) and `/metrics` over plain
 * HTTP with node:http: three fixed answers do not need a framework. Requests have a time limit.
 */
export async function startHealthServer(
  init: HealthServerInit,
): Promise<{ port: number; close(): Promise<void> }> {
  const http = await import('node:http');
  const server: Server = http.createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed\n');
    if (path === '/healthz' || path === '/livez') return send(200, 'ok\n');
    if (path === '/readyz') return init.ready() ? send(200, 'ok\n') : send(503, 'not synced yet\n');
    if (path === '/metrics') return send(200, init.metrics(), 'text/plain; version=0.0.4; charset=utf-8');
    return send(404, 'not found\n');
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(init.port, init.host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : init.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
