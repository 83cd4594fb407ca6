import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSilentServer } from './silent-server.js';

describe('startSilentServer', () => {
  it('accepts a connection and sends nothing back', async () => {
    const server = await startSilentServer();
    try {
      const received: Buffer[] = [];
      const socket = connect(server.port, '127.0.0.1');
      socket.on('data', (chunk) => received.push(chunk));
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(server.connections).toBe(1);
      expect(received).toEqual([]);
      socket.destroy();
    } finally {
      await server.close();
    }
  });
});
