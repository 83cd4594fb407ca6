import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from '../close-server.js';

export interface ImdsWithoutIdentity {
  /** `http://127.0.0.1:PORT`: give it as AZURE_POD_IDENTITY_AUTHORITY_HOST to the Azure SDK. */
  url: string;
  /** Requests answered so far. */
  requests: number;
  close(): Promise<void>;
}

/**
 * Azure's instance metadata service as a VM with no managed identity assigned answers it: every token
 * request gets 400 "Identity not found". With it, DefaultAzureCredential finds no identity on any
 * machine, in about a second, where the real address may hang, refuse slowly, or (on an Azure VM)
 * hand out a token.
 */
export async function startImdsWithoutIdentity(): Promise<ImdsWithoutIdentity> {
  const server = createServer((_, response) => {
    result.requests += 1;
    response
      .writeHead(400, { 'Content-Type': 'application/json' })
      .end('{"error":"invalid_request","error_description":"Identity not found"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const result: ImdsWithoutIdentity = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: 0,
    close: () => closeServer(server),
  };
  return result;
}
