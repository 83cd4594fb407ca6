import { createServer as createHttpServer, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

async function listen(server: Server | ReturnType<typeof createTcpServer>, sockets: Set<Socket>) {
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP CONNECT proxy, as corporate networks run: records each tunnel's target, then pipes bytes. */
export async function startConnectProxy(): Promise<Listening & { tunnels: string[] }> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  return { ...(await listen(server, sockets)), tunnels };
}

/** A TCP server that accepts connections and never answers. */
export async function startSilentServer(): Promise<Listening> {
  const sockets = new Set<Socket>();
  return listen(createTcpServer(), sockets);
}

/**
 * A registry front over plain HTTP that checks Basic auth itself and answers manifest requests with
 * redirects: `alias` to `v1` on its own origin, `elsewhere` to `target` (another origin).
 */
export async function startRedirectingFront(
  credentials: { username: string; password: string },
  target: string,
): Promise<Listening & { seen: { url: string; authorized: boolean }[] }> {
  // What arrived, and whether it carried Authorization: never the header itself (it holds the password).
  const seen: { url: string; authorized: boolean }[] = [];
  const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
  const server = createHttpServer((req, res) => {
    seen.push({ url: req.url ?? '', authorized: req.headers.authorization === expected });
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'www-authenticate': 'Basic realm="front"' }).end();
    } else if (req.url === '/v2/') {
      res.writeHead(200).end();
    } else if (req.url === '/v2/team/app/manifests/alias') {
      res.writeHead(307, { location: '/v2/team/app/manifests/v1' }).end();
    } else if (req.url === '/v2/team/app/manifests/elsewhere') {
      res.writeHead(307, { location: target }).end();
    } else if (req.url === '/v2/team/app/manifests/v1') {
      res.writeHead(200, { 'docker-content-digest': `sha256:${'f'.repeat(64)}` }).end();
    } else {
      res.writeHead(404).end();
    }
  });
  return { ...(await listen(server, new Set())), seen };
}
