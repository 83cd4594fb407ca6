import type { Server } from 'node:http';

/** Closes a test server at once: keep-alive connections from SDK clients would hold close() open. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
