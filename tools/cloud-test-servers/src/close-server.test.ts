import { Agent, createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { closeServer } from './close-server.js';

it('closes a server while a client still holds a keep-alive connection to it', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent({ keepAlive: true });
  await new Promise<void>((resolve, reject) => {
    get({ host: '127.0.0.1', port: (server.address() as AddressInfo).port, agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  await closeServer(server);
  expect(server.listening).toBe(false);
  agent.destroy();
});
