import { createServer, type Server } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';

export interface RoutingProxy {
  /** `http://127.0.0.1:PORT`: give it to a client as HTTPS_PROXY. */
  url: string;
  /** Every CONNECT target asked for, in order (`ghcr.io:443`), refused ones included. */
  tunnels: string[];
  close(): Promise<void>;
}

/**
 * An HTTPS proxy that sends a tunnel for a public host (`ghcr.io:443`, `registry-1.docker.io:443`) to a
 * loopback server instead, and refuses every other target: a client talks to the real host names over
 * the real proxy path, and reaches only the servers of the test. TLS still runs end to end, so the
 * server's certificate must name the public host (startTestRegistry's `tlsHosts`).
 */
export async function startRoutingProxy(routes: Readonly<Record<string, string>>): Promise<RoutingProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    tunnels.push(target);
    sockets.add(client);
    client.on('error', () => client.destroy());
    const route = routes[target];
    if (route === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const [host, port] = route.split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
