import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface RegistryResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One HTTP(S) request with node:http, trusting `ca` (the test CA) for https URLs. */
export function registryRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: Buffer | string; ca?: string } = {},
): Promise<RegistryResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method: init.method ?? 'GET', headers: init.headers, ...(init.ca ? { ca: init.ca } : {}) },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}
