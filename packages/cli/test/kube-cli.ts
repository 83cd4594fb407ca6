import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type KubeTestServer, startKubeTestServer } from '@pull-secret/kube-test-server';
import { type CliRun, spawnCli } from './run-cli.js';

export { expectNoSecret } from './run-cli.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface KubeCliRun extends CliRun {
  /** The write requests (POST, PUT, PATCH, DELETE) the server received during the run. */
  writes: { method: string; path: string; query: Record<string, string> }[];
}

export interface KubeCliHarness {
  server: KubeTestServer;
  /**
   * Runs the built CLI against the server (KUBECONFIG set, HOME a temp dir) and returns what it printed
   * and the writes it caused. Runs must not overlap: the request log is reset for each.
   */
  run(args: string[], stdin?: string, env?: Record<string, string>): Promise<KubeCliRun>;
  close(): Promise<void>;
}

/** A kube-test-server with its kubeconfig in a fresh temp dir, and a way to run the CLI against it. */
export async function startKubeCli(
  options: Parameters<typeof startKubeTestServer>[0] = {},
): Promise<KubeCliHarness> {
  const dir = await mkdtemp(join(tmpdir(), 'pull-secret-cli-'));
  const server = await startKubeTestServer({ serviceAccountDelayMs: 0, ...options });
  const kubeconfig = join(dir, 'config');
  await server.writeKubeconfig(kubeconfig);
  return {
    server,
    async run(args, stdin, env = {}) {
      server.resetRequests();
      const run = await spawnCli(args, {
        ...(stdin === undefined ? {} : { stdin }),
        env: { ...env, KUBECONFIG: kubeconfig, HOME: dir },
      });
      const writes = server.requests
        .filter((request) => WRITE_METHODS.has(request.method))
        .map(({ method, path, query }) => ({ method, path, query }));
      return { ...run, writes };
    },
    async close() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The forms a password can leak in: itself, base64 of user:password (`auth`), base64 of itself. */
export function secretForms(username: string, password: string): string[] {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return [password, b64(`${username}:${password}`), b64(password)];
}

/** The decoded `.dockerconfigjson` of a stored Secret, or undefined when there is none. */
export function storedDockerConfig(secret: unknown): unknown {
  const encoded = (secret as { data?: Record<string, string> } | undefined)?.data?.['.dockerconfigjson'];
  return encoded === undefined ? undefined : JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
}

/** A table as the CLI prints it (header first), each line cut into cells where the header's columns start. */
export function tableRows(text: string): string[][] {
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((line) => line.startsWith('NAMESPACE '));
  if (headerIndex === -1) return [];
  const header = lines[headerIndex]!;
  const starts = [...header.matchAll(/\S+/g)].map((match) => match.index);
  return lines
    .slice(headerIndex)
    .filter((line) => line !== '' && !line.startsWith('secret '))
    .map((line) => starts.map((start, i) => line.slice(start, starts[i + 1]).trim()));
}
