import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { generateTlsMaterial } from '@pull-secret/kube-test-server';
import { freePort } from './free-port.js';
import { htpasswdFile } from './htpasswd.js';
import { registryRequest } from './registry-request.js';
import { type SeededImage, seedImage } from './seed-image.js';
import { startTokenIssuer, type TokenIssuer, type TokenRequestLogEntry } from './token-issuer.js';

export type TestRegistryMode = 'htpasswd' | 'token' | 'plain';

export interface TestRegistryOptions {
  /** htpasswd: TLS + Basic auth; token: TLS + Bearer tokens from a test issuer; plain: HTTP, no auth. */
  mode: TestRegistryMode;
  /** token mode: the field the issuer puts the token in (default both `token` and `access_token`). */
  tokenField?: 'token' | 'access_token' | 'both';
  /** token mode: the `expires_in` the issuer reports (default 300 seconds). */
  tokenExpiresInSeconds?: number;
  /**
   * token mode: trust this token service (a Harbor's, say) instead of starting the test issuer. The
   * image is seeded with its `pusher`; `puller` and `noPull` mean nothing to it.
   */
  tokenService?: ExternalTokenService;
  /** The TLS certificate to serve (default one from a CA made for this registry): share a CA with another test server. */
  tls?: { certPem: string; keyPem: string; caPem: string };
  /**
   * Public host names the TLS certificate also names (`ghcr.io`, `registry-1.docker.io`), for a client
   * that reaches the registry by that name through startRoutingProxy.
   */
  tlsHosts?: readonly string[];
  /**
   * token mode: the `service` and the `realm` the registry's challenge names, to play a public registry
   * (Docker Hub: `registry.docker.io`, `https://auth.docker.io/token`); the realm must then be routed to
   * `tokenIssuerHost`. Default: the issuer's own loopback URL and service `test-registry`.
   */
  service?: string;
  realm?: string;
  /** token mode: the issuer answers 400 unless `service` is given exactly once, as its own (as Azure's). */
  strictService?: boolean;
  /** TLS modes: send only the registry's own certificate, not its CA's, as many servers are set up. */
  leafOnly?: boolean;
}

/** A Docker token service the registry is to trust. */
export interface ExternalTokenService {
  /** Its token endpoint, over HTTPS with a certificate from the registry's CA (see `tls`). */
  realm: string;
  service: string;
  issuer: string;
  /** The CA of the certificate whose key signs its tokens (sent in the JWT's `x5c`). */
  signingCaPem: string;
  /** Someone it grants push on `team/app`. */
  pusher: TestUser;
}

export interface TestUser {
  username: string;
  password: string;
}

export interface TestRegistry {
  mode: TestRegistryMode;
  /** `127.0.0.1:PORT`, what a pull secret's registry key would be. */
  host: string;
  /** `https://127.0.0.1:PORT` or `http://…` (plain). */
  url: string;
  /** The CA that signed the registry's (and the issuer's) certificate; absent in plain mode. */
  caPem?: string;
  /** The registry's own (leaf) certificate; absent in plain mode. */
  certPem?: string;
  /** The registry's debug server (`http.debug.addr`): a real listener that is no registry API. */
  debugHost: string;
  /** htpasswd: may pull and push everything. token: may pull `team/app` only. */
  puller: TestUser;
  /** token mode: authenticates, but the issuer grants nothing (a 200 with an empty grant). */
  noPull: TestUser;
  /** May pull, push and delete everything (htpasswd and the built-in token issuer); it seeded the image. */
  pusher: TestUser;
  /** token mode: may pull and push everything but not delete, as most push robots are. */
  pushOnly: TestUser;
  /** The registry's filesystem storage root, to see what a client left behind. */
  storageDir: string;
  /** The seeded image, in `team/app`. */
  image: SeededImage;
  /** token mode: the token issuer's `127.0.0.1:PORT`. */
  tokenIssuerHost?: string;
  /** token mode: every request the token issuer answered (no passwords). */
  tokenRequests: TokenRequestLogEntry[];
  /** What the registry wrote to stderr, for failing tests. */
  logs(): string;
  stop(): Promise<void>;
}

const SERVICE = 'test-registry';
const ISSUER = 'pull-secret-test-issuer';

/** Where Debian's docker-registry package puts the binary, or the first on PATH. */
export function findDockerRegistry(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [
    env.PULL_SECRET_DOCKER_REGISTRY,
    ...(env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'docker-registry')),
    '/usr/bin/docker-registry',
  ];
  return candidates.find((path): path is string => Boolean(path) && existsSync(path as string));
}

/**
 * Starts Debian's docker-registry (CNCF distribution 2.8) on a free loopback port with a generated
 * config, waits until it answers, and pushes the test image `team/app` (tags `v1` OCI, `v1-docker`
 * Docker v2). Each call gets its own CA, storage directory and passwords.
 */
export async function startTestRegistry(options: TestRegistryOptions): Promise<TestRegistry> {
  const binary = findDockerRegistry();
  if (!binary) {
    throw new Error(
      'docker-registry is not installed: apt-get install docker-registry (.ci/run does this), or set PULL_SECRET_DOCKER_REGISTRY.',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'test-registry-'));
  const [port, debugPort] = [await freePort(), await freePort()];
  const tls =
    options.mode === 'plain'
      ? undefined
      : (options.tls ?? generateTlsMaterial(new Date(), options.tlsHosts ?? []));
  const service = options.service ?? SERVICE;
  const suffix = Math.random().toString(36).slice(2, 10);
  const puller = { username: 'puller', password: `CANARY-puller-${suffix}` };
  const noPull = { username: 'nopull', password: `CANARY-nopull-${suffix}` };
  const pusher = { username: 'pusher', password: `CANARY-pusher-${suffix}` };
  const pushOnly = { username: 'pushonly', password: `CANARY-pushonly-${suffix}` };

  const config: Record<string, unknown> = {
    version: 0.1,
    log: { level: 'warn', accesslog: { disabled: true } },
    storage: { filesystem: { rootdirectory: join(dir, 'storage') }, delete: { enabled: true } },
    http: { addr: `127.0.0.1:${port}`, debug: { addr: `127.0.0.1:${debugPort}` } },
  };
  let issuer: TokenIssuer | undefined;
  if (tls) {
    await writeFile(join(dir, 'tls.crt'), options.leafOnly ? tls.certPem : tls.certPem + tls.caPem);
    await writeFile(join(dir, 'tls.key'), tls.keyPem, { mode: 0o600 });
    (config.http as Record<string, unknown>).tls = {
      certificate: join(dir, 'tls.crt'),
      key: join(dir, 'tls.key'),
    };
  }
  if (options.mode === 'htpasswd') {
    await writeFile(
      join(dir, 'htpasswd'),
      htpasswdFile({ [puller.username]: puller.password, [pusher.username]: pusher.password }),
    );
    config.auth = { htpasswd: { realm: 'test-registry', path: join(dir, 'htpasswd') } };
  } else if (options.mode === 'token' && options.tokenService) {
    const external = options.tokenService;
    await writeFile(join(dir, 'token-ca.pem'), external.signingCaPem);
    config.auth = {
      token: {
        realm: external.realm,
        service: external.service,
        issuer: external.issuer,
        rootcertbundle: join(dir, 'token-ca.pem'),
      },
    };
  } else if (options.mode === 'token') {
    // The signing certificate is a leaf of a CA of its own; the registry trusts that CA only.
    const signing = generateTlsMaterial();
    await writeFile(join(dir, 'token-ca.pem'), signing.caPem);
    issuer = await startTokenIssuer({
      tlsCertPem: tls!.certPem,
      tlsKeyPem: tls!.keyPem,
      signingCertPem: signing.certPem,
      signingKeyPem: signing.keyPem,
      issuer: ISSUER,
      service,
      tokenField: options.tokenField ?? 'both',
      expiresInSeconds: options.tokenExpiresInSeconds ?? 300,
      ...(options.strictService ? { strictService: true } : {}),
      users: {
        [puller.username]: { password: puller.password, grants: { 'team/app': ['pull'] } },
        [noPull.username]: { password: noPull.password, grants: {} },
        [pusher.username]: { password: pusher.password, grants: { '*': ['pull', 'push', 'delete'] } },
        [pushOnly.username]: { password: pushOnly.password, grants: { '*': ['pull', 'push'] } },
      },
    });
    config.auth = {
      token: {
        realm: options.realm ?? issuer.realm,
        service,
        issuer: ISSUER,
        rootcertbundle: join(dir, 'token-ca.pem'),
      },
    };
  }
  // JSON is YAML: the registry reads it as its config.yml.
  await writeFile(join(dir, 'config.yml'), JSON.stringify(config, null, 2));

  let stderr = '';
  const child: ChildProcess = spawn(binary, ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await issuer?.close();
    await rm(dir, { recursive: true, force: true });
  };

  const scheme = tls ? 'https' : 'http';
  const url = `${scheme}://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, tls?.caPem, child, () => stderr);
    let authorization: string | undefined;
    if (options.mode === 'htpasswd') {
      authorization = `Basic ${Buffer.from(`${pusher.username}:${pusher.password}`).toString('base64')}`;
    } else if (options.mode === 'token') {
      const scope = 'repository:team/app:pull,push';
      const realm = issuer?.realm ?? options.tokenService!.realm;
      const tokenServiceName = options.tokenService?.service ?? service;
      const seeder = options.tokenService?.pusher ?? pusher;
      const answer = await registryRequest(
        `${realm}?service=${encodeURIComponent(tokenServiceName)}&scope=${scope}`,
        {
          headers: {
            authorization: `Basic ${Buffer.from(`${seeder.username}:${seeder.password}`).toString('base64')}`,
          },
          ca: tls!.caPem,
        },
      );
      const body = JSON.parse(answer.body.toString('utf8'));
      authorization = `Bearer ${body.token ?? body.access_token}`;
      if (issuer) issuer.requests.length = 0;
    }
    const image = await seedImage(url, 'team/app', {
      ...(authorization ? { authorization } : {}),
      ...(tls ? { ca: tls.caPem } : {}),
    });
    return {
      mode: options.mode,
      host: `127.0.0.1:${port}`,
      url,
      ...(tls ? { caPem: tls.caPem, certPem: tls.certPem } : {}),
      debugHost: `127.0.0.1:${debugPort}`,
      puller,
      noPull,
      pusher,
      pushOnly,
      storageDir: join(dir, 'storage'),
      image,
      ...(issuer ? { tokenIssuerHost: new URL(issuer.realm).host } : {}),
      tokenRequests: issuer?.requests ?? [],
      logs: () => stderr,
      stop,
    };
  } catch (error) {
    await stop();
    throw new Error(`test registry (${options.mode}) did not start: ${(error as Error).message}\n${stderr}`);
  }
}

async function waitUntilServing(
  url: string,
  ca: string | undefined,
  child: ChildProcess,
  logs: () => string,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${logs()}`);
    try {
      await registryRequest(`${url}/v2/`, ca === undefined ? {} : { ca });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
