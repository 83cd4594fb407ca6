import { request } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { startRoutingProxy } from './routing-proxy.js';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

function connectThrough(proxy: string, target: string): Promise<{ status: number; greeting: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${proxy}`, { method: 'CONNECT', path: target });
    req.on('connect', (res, socket, head: Buffer) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, greeting: '' });
        return;
      }
      // What the upstream said may have come with the proxy's answer already.
      const chunks: Buffer[] = [head];
      socket.on('data', (data: Buffer) => chunks.push(data));
      socket.on('end', () => resolve({ status: 200, greeting: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

it('tunnels a mapped public host to its loopback server and refuses every other target', async () => {
  const upstream = createServer((socket) => socket.end('hello from upstream'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => upstream.close(() => resolve())));
  const port = (upstream.address() as { port: number }).port;
  const proxy = await startRoutingProxy({ 'ghcr.io:443': `127.0.0.1:${port}` });
  closers.push(proxy.close);

  expect(await connectThrough(proxy.url, 'ghcr.io:443')).toEqual({
    status: 200,
    greeting: 'hello from upstream',
  });
  expect((await connectThrough(proxy.url, 'example.com:443')).status).toBe(403);
  expect(proxy.tunnels).toEqual(['ghcr.io:443', 'example.com:443']);
});
