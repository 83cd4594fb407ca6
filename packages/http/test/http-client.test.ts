import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { type AzureTestServer, startAzureServer } from '@pull-secret/cloud-test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EndpointTimeoutError, httpClient, RedirectLoopError } from '../src/index.js';

interface Listening {
  port: number;
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server | ReturnType<typeof createTcpServer>): Promise<Listening> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

const seen: { host: string; url: string; authorization: string | undefined; method: string; body: string }[] =
  [];
async function record(req: IncomingMessage) {
  let body = '';
  for await (const chunk of req) body += chunk;
  seen.push({
    host: req.headers.host ?? '',
    url: req.url ?? '',
    authorization: req.headers.authorization,
    method: req.method ?? '',
    body,
  });
}

let other: Listening;
let main: Listening;
let silent: Listening;
let slowBody: Listening;

beforeAll(async () => {
  other = await listen(
    createHttpServer(async (req, res) => {
      await record(req);
      res.writeHead(200).end('other origin');
    }),
  );
  main = await listen(
    createHttpServer(async (req, res) => {
      await record(req);
      if (req.url === '/same') res.writeHead(302, { location: '/final' }).end();
      else if (req.url === '/away') res.writeHead(307, { location: `${other.url}/landed` }).end();
      else if (req.url === '/loop') res.writeHead(302, { location: '/loop' }).end();
      else if (req.url === '/big') res.writeHead(200).end('x'.repeat(10_000));
      else if (req.url === '/post') res.writeHead(303, { location: '/final' }).end('posted');
      else res.writeHead(200, { 'x-echo': req.method ?? '' }).end(`final ${req.method}`);
    }),
  );
  // Accepts the connection and never answers: the hanging endpoint of every timeout test.
  silent = await listen(createTcpServer());
  slowBody = await listen(
    createHttpServer((_req, res) => {
      res.writeHead(200);
      res.write('start');
    }),
  );
});
afterAll(async () => {
  await Promise.all([other, main, silent, slowBody].map((server) => server?.close()));
});

describe('httpClient', () => {
  it('follows a same-origin redirect with Authorization, and drops it for another origin', async () => {
    const http = httpClient({ env: {} });
    try {
      seen.length = 0;
      const same = await http.send(`${main.url}/same`, { headers: { Authorization: 'Bearer CANARY-a' } });
      expect(same).toMatchObject({
        status: 200,
        body: 'final GET',
        url: `${main.url}/final`,
        truncated: false,
      });
      expect(seen.map((s) => [s.url, s.authorization])).toEqual([
        ['/same', 'Bearer CANARY-a'],
        ['/final', 'Bearer CANARY-a'],
      ]);
      seen.length = 0;
      const away = await http.send(`${main.url}/away`, { headers: { Authorization: 'Bearer CANARY-a' } });
      expect(away).toMatchObject({ status: 200, body: 'other origin', url: `${other.url}/landed` });
      expect(seen.map((s) => [s.url, s.authorization])).toEqual([
        ['/away', 'Bearer CANARY-a'],
        ['/landed', undefined],
      ]);
    } finally {
      await http.close();
    }
  });

  it('stops after maxRedirects', async () => {
    const http = httpClient({ env: {}, maxRedirects: 2 });
    try {
      await expect(http.send(`${main.url}/loop`)).rejects.toBeInstanceOf(RedirectLoopError);
      await expect(http.send(`${main.url}/loop`)).rejects.toThrow('More than 2 redirects');
    } finally {
      await http.close();
    }
  });

  it('sends a POST body and returns its 3xx as it is', async () => {
    const http = httpClient({ env: {} });
    try {
      seen.length = 0;
      const response = await http.send(`${main.url}/post`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'a=1&b=2',
      });
      expect(response).toMatchObject({ status: 303, body: 'posted' });
      expect(seen).toMatchObject([{ method: 'POST', url: '/post', body: 'a=1&b=2' }]);
    } finally {
      await http.close();
    }
  });

  it('caps the body it keeps', async () => {
    const http = httpClient({ env: {}, maxResponseBytes: 1000 });
    try {
      const response = await http.send(`${main.url}/big`);
      expect(response.body).toHaveLength(1000);
      expect(response.truncated).toBe(true);
    } finally {
      await http.close();
    }
  });

  it('fails a silent endpoint within the timeout, naming it', async () => {
    const http = httpClient({ env: {}, timeoutMs: 300 });
    const started = Date.now();
    try {
      const error = await http
        .send(`http://u:CANARY-pw@127.0.0.1:${silent.port}/v2/?t=CANARY`)
        .catch((e) => e);
      expect(error).toBeInstanceOf(EndpointTimeoutError);
      expect(error.message).toBe(`No answer from http://127.0.0.1:${silent.port} within 300ms.`);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await http.close();
    }
  });

  it('fails a body that stops coming within the timeout', async () => {
    const http = httpClient({ env: {}, timeoutMs: 300 });
    const started = Date.now();
    try {
      await expect(http.send(`${slowBody.url}/`)).rejects.toBeInstanceOf(EndpointTimeoutError);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await http.close();
    }
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const http = httpClient({ env: {}, timeoutMs: 10_000, signal: controller.signal });
    try {
      const pending = http.send(`${silent.url}/`);
      setTimeout(() => controller.abort(new Error('stopped by caller')), 50);
      await expect(pending).rejects.toThrow('stopped by caller');
    } finally {
      await http.close();
    }
  });

  it('goes through HTTP_PROXY from the env it is given, and not for NO_PROXY hosts', async () => {
    const proxied: string[] = [];
    const proxy = await listen(
      createHttpServer((req, res) => {
        proxied.push(req.url ?? '');
        res.writeHead(200).end('from proxy');
      }),
    );
    try {
      const via = httpClient({ env: { http_proxy: proxy.url } });
      expect((await via.send('http://registry.invalid/v2/')).body).toBe('from proxy');
      expect(proxied).toEqual(['http://registry.invalid/v2/']);
      await via.close();
      const bypass = httpClient({ env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
      expect((await bypass.send(`${main.url}/final`)).body).toBe('final GET');
      expect(proxied).toHaveLength(1);
      await bypass.close();
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that never answers times out too, naming the endpoint asked for', async () => {
    const http = httpClient({ env: { HTTPS_PROXY: silent.url }, timeoutMs: 300 });
    try {
      await expect(http.send('https://api.ecr.eu-west-1.amazonaws.com/')).rejects.toThrow(
        'No answer from https://api.ecr.eu-west-1.amazonaws.com within 300ms.',
      );
    } finally {
      await http.close();
    }
  });

  it('refuses an unreadable CA file, and ignores an unreadable NODE_EXTRA_CA_CERTS as Node does', async () => {
    const unreadable = httpClient({ env: {}, caFiles: ['/nonexistent/ca.pem'] });
    await expect(unreadable.send(`${main.url}/final`)).rejects.toThrow(
      'Cannot read the CA file /nonexistent/ca.pem.',
    );
    await unreadable.close();
    const ignoring = httpClient({ env: { NODE_EXTRA_CA_CERTS: '/nonexistent/ca.pem' } });
    expect((await ignoring.send(`${main.url}/final`)).status).toBe(200);
    await ignoring.close();
  });
});

describe('httpClient trust', () => {
  let azure: AzureTestServer;
  let caFile: string;
  beforeAll(async () => {
    azure = await startAzureServer({ clients: [], registries: [] });
    caFile = join(mkdtempSync(join(tmpdir(), 'http-ca-')), 'ca.pem');
    writeFileSync(caFile, azure.caPem);
  });
  afterAll(() => azure?.close());

  it('trusts a private CA from caFiles or from NODE_EXTRA_CA_CERTS in the env given, not otherwise', async () => {
    for (const init of [
      { caFiles: [caFile] },
      { env: { NODE_EXTRA_CA_CERTS: caFile } },
      { ca: azure.caPem },
    ]) {
      const http = httpClient({ env: {}, ...init });
      try {
        const response = await http.send(`${azure.url}/`);
        expect(response.status).toBeGreaterThanOrEqual(200);
      } finally {
        await http.close();
      }
    }
    const untrusting = httpClient({ env: {} });
    try {
      const error = await untrusting.send(`${azure.url}/`).catch((caught: unknown) => caught);
      expect(String((error as { code?: string }).code)).toMatch(/CERT|SIGNATURE|ISSUER/);
    } finally {
      await untrusting.close();
    }
  });

  it("trusts a server's own leaf certificate given as the CA (the server sends no chain), as Go does", async () => {
    const leaf = await peerLeafPem(azure.url);
    const leafFile = join(mkdtempSync(join(tmpdir(), 'http-leaf-')), 'leaf.pem');
    writeFileSync(leafFile, leaf);
    for (const init of [{ ca: leaf }, { caFiles: [leafFile] }]) {
      const http = httpClient({ env: {}, ...init });
      try {
        expect((await http.send(`${azure.url}/`)).status).toBeGreaterThanOrEqual(200);
      } finally {
        await http.close();
      }
    }
  });

  it('still checks the host name against a trusted leaf', async () => {
    // 127.0.0.2 reaches the same server through a forwarder; the certificate names 127.0.0.1 only.
    const target = new URL(azure.url);
    const forwarder = createTcpServer((socket) => {
      const upstream = connect(Number(target.port), '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.2', resolve));
    const http = httpClient({ env: {}, ca: await peerLeafPem(azure.url) });
    try {
      const port = (forwarder.address() as AddressInfo).port;
      const error = await http.send(`https://127.0.0.2:${port}/`).catch((caught: unknown) => caught);
      expect((error as { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    } finally {
      await http.close();
      await new Promise((resolve) => forwarder.close(resolve));
    }
  });

  it('refuses CA text or a CA file with no PEM certificate in it', async () => {
    const http = httpClient({ env: {}, caFiles: ['/etc/passwd'] });
    await expect(http.send(`${azure.url}/`)).rejects.toMatchObject({
      code: 'CA_NO_CERTIFICATE',
      message: 'The file "/etc/passwd" given to the ca-file option holds no PEM certificate.',
    });
    await http.close();
  });
});

/** The certificate a TLS server presents first (its leaf), as PEM, read without trusting it. */
async function peerLeafPem(url: string): Promise<string> {
  const { hostname, port } = new URL(url);
  const socket = tlsConnect({ host: hostname, port: Number(port), rejectUnauthorized: false });
  await once(socket, 'secureConnect');
  const der = socket.getPeerCertificate().raw;
  socket.destroy();
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`.replace(
    /\n\n/g,
    '\n',
  );
}
