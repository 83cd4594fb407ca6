import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeServer } from '../close-server.js';

export interface GceMetadataServerOptions {
  /** The Google service account the pod acts as (GKE workload identity: the KSA's annotation). */
  serviceAccount: string;
  projectId?: string;
  /** Prefix of the access tokens handed out, so a canary check can find them. */
  tokenPrefix?: string;
  expiresInSeconds?: number;
}

/** One request, without tokens. */
export interface GceMetadataRequestLogEntry {
  path: string;
  /** The `scopes` query of a token request. */
  scopes?: string;
  status: number;
}

export interface GceMetadataServer {
  /** `127.0.0.1:PORT`: the value of GCE_METADATA_HOST, which google-auth-library (gcp-metadata) honours. */
  host: string;
  /** Every access token handed out. */
  issued: string[];
  requests: GceMetadataRequestLogEntry[];
  close(): Promise<void>;
}

const PREFIX = '/computeMetadata/v1/';

/**
 * The metadata server as a GKE pod with workload identity sees it (the GKE metadata server): plain
 * HTTP, every request must carry `Metadata-Flavor: Google` and every answer does; the instance
 * directory (the client's probe), the project ID, and the default service account's email and access
 * token (`{access_token, expires_in, token_type}`).
 */
export async function startGceMetadataServer(options: GceMetadataServerOptions): Promise<GceMetadataServer> {
  const projectId = options.projectId ?? 'test-project';
  const expiresIn = options.expiresInSeconds ?? 3599;
  const issued: string[] = [];
  const requests: GceMetadataRequestLogEntry[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://metadata.google.internal');
    const entry: GceMetadataRequestLogEntry = { path: url.pathname, status: 200 };
    const send = (status: number, type: string, body: string) => {
      entry.status = status;
      requests.push(entry);
      response.writeHead(status, { 'Metadata-Flavor': 'Google', 'Content-Type': type }).end(body);
    };
    if (request.headers['metadata-flavor'] !== 'Google') {
      send(403, 'text/html', 'Missing Metadata-Flavor:Google header.');
      return;
    }
    const path = url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : undefined;
    const account = /^instance\/service-accounts\/(default|[^/]+)\/(email|token)$/.exec(path ?? '');
    if (path === 'instance' || path === 'instance/') {
      send(200, 'application/text', 'attributes/\nhostname\nid\nservice-accounts/\nzone\n');
    } else if (path === 'project/project-id') {
      send(200, 'application/text', projectId);
    } else if (account && (account[1] === 'default' || account[1] === options.serviceAccount)) {
      if (account[2] === 'email') {
        send(200, 'application/text', options.serviceAccount);
        return;
      }
      const scopes = url.searchParams.get('scopes');
      if (scopes !== null) entry.scopes = scopes;
      const token = `${options.tokenPrefix ?? 'ya29.gke-'}${randomBytes(24).toString('base64url')}`;
      issued.push(token);
      send(
        200,
        'application/json',
        JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer' }),
      );
    } else {
      send(404, 'text/html', 'Not Found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    issued,
    requests,
    close: () => closeServer(server),
  };
}
