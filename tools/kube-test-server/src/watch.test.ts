import type { IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeTestServer, type KubeTestServerOptions, startKubeTestServer } from './kube-test-server.js';
import { secretBody, type TestClient, testClient } from './test-client.js';

// Watch streams over HTTPS, read line by line as client-go reads them.

let server: KubeTestServer;
let client: TestClient;

async function start(options: KubeTestServerOptions = {}): Promise<void> {
  server = await startKubeTestServer({ namespaces: ['apps', 'web'], serviceAccountDelayMs: 0, ...options });
  client = testClient(server);
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  client.close();
  await server.close();
});

interface WatchEvent {
  type: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON fields
  object: any;
}

interface Stream {
  status: number;
  headers: IncomingHttpHeaders;
  events: WatchEvent[];
  /** Resolves when the server has ended the stream cleanly. */
  ended: Promise<void>;
  /** Waits until `count` events have arrived (2 s at most). */
  next(count?: number): Promise<WatchEvent[]>;
  close(): void;
}

function watch(path: string, token: string = server.token): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const outgoing = httpsRequest(
      new URL(path, server.url),
      { ca: server.caPem, headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } },
      (response) => {
        const events: WatchEvent[] = [];
        let buffer = '';
        let seen = 0;
        let wake = () => {};
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let newline = buffer.indexOf('\n');
          while (newline >= 0) {
            events.push(JSON.parse(buffer.slice(0, newline)));
            buffer = buffer.slice(newline + 1);
            newline = buffer.indexOf('\n');
          }
          wake();
        });
        const ended = new Promise<void>((done, fail) => {
          response.on('end', () => {
            expect(buffer).toBe('');
            done();
          });
          response.on('error', fail);
        });
        ended.catch(() => {});
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          events,
          ended,
          async next(count = 1) {
            const deadline = Date.now() + 2000;
            while (events.length < seen + count && Date.now() < deadline) {
              await new Promise<void>((woken) => {
                wake = woken;
                setTimeout(woken, 50);
              });
            }
            const got = events.slice(seen, seen + count);
            seen += got.length;
            expect(got.length, JSON.stringify(events)).toBe(count);
            return got;
          },
          close: () => outgoing.destroy(),
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

const SECRETS = '/api/v1/namespaces/apps/secrets';

async function create(namespace: string, name: string, labels: Record<string, string> = {}) {
  const response = await client.post(
    `/api/v1/namespaces/${namespace}/secrets`,
    secretBody(name, { stringData: { a: 'b' } }, { labels }),
  );
  expect(response.status, response.text).toBe(201);
  return response.body;
}

describe('watch', () => {
  it('without a resourceVersion sends the current objects as ADDED, then every change in the namespace', async () => {
    await create('apps', 'one');
    await create('web', 'elsewhere');
    const stream = await watch(`${SECRETS}?watch=1`);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('application/json');
    const [added] = await stream.next();
    expect(added).toMatchObject({
      type: 'ADDED',
      object: { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'one', namespace: 'apps' } },
    });

    const two = await create('apps', 'two');
    await create('web', 'ignored');
    const patched = await client.patch(`${SECRETS}/two`, 'merge', { metadata: { labels: { x: 'y' } } });
    await client.delete(`${SECRETS}/two`);
    const events = await stream.next(3);
    expect(events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual([
      'ADDED two',
      'MODIFIED two',
      'DELETED two',
    ]);
    expect(events[0]?.object.metadata.resourceVersion).toBe(two.metadata.resourceVersion);
    expect(events[1]?.object.metadata.labels).toEqual({ x: 'y' });
    // A deleted object carries the revision of its deletion, newer than its last write.
    expect(Number(events[2]?.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(patched.body.metadata.resourceVersion),
    );
    expect(events[2]?.object.metadata.resourceVersion).toBe(server.store.resourceVersion);
    stream.close();
  });

  it('from a list’s resourceVersion replays only what changed after it, without the current objects', async () => {
    await create('apps', 'old');
    const list = await client.get(SECRETS);
    await create('apps', 'new');
    await client.delete(`${SECRETS}/old`);
    const stream = await watch(`${SECRETS}?watch=true&resourceVersion=${list.body.metadata.resourceVersion}`);
    const events = await stream.next(2);
    expect(events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual([
      'ADDED new',
      'DELETED old',
    ]);
    await create('apps', 'live');
    expect((await stream.next())[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'live' } } });
    stream.close();
  });

  it('resourceVersion=0 starts with the current objects, as the watch cache does', async () => {
    await create('apps', 'one');
    const stream = await watch(`${SECRETS}?watch=1&resourceVersion=0`);
    expect((await stream.next())[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'one' } } });
    stream.close();
  });

  it('honours selectors: an object that stops matching is DELETED, one that starts matching is ADDED', async () => {
    await create('apps', 'a', { team: 'x' });
    await create('apps', 'b', { team: 'y' });
    const stream = await watch(`${SECRETS}?watch=1&labelSelector=team%3Dx`);
    expect((await stream.next())[0]?.object.metadata.name).toBe('a');
    await client.patch(`${SECRETS}/a`, 'merge', { metadata: { labels: { team: 'y' } } });
    await client.patch(`${SECRETS}/b`, 'merge', { metadata: { labels: { team: 'x' } } });
    const [left, joined] = await stream.next(2);
    expect(left).toMatchObject({
      type: 'DELETED',
      object: { metadata: { name: 'a', labels: { team: 'x' } } },
    });
    expect(left?.object.metadata.resourceVersion).toBe(
      server.store.get('secrets', 'apps', 'a')?.metadata.resourceVersion,
    );
    expect(joined).toMatchObject({
      type: 'ADDED',
      object: { metadata: { name: 'b', labels: { team: 'x' } } },
    });

    const named = await watch(`${SECRETS}?watch=1&fieldSelector=metadata.name%3Db`);
    expect((await named.next())[0]?.object.metadata.name).toBe('b');
    await client.patch(`${SECRETS}/a`, 'merge', { metadata: { labels: { z: '1' } } });
    await client.patch(`${SECRETS}/b`, 'merge', { metadata: { labels: { z: '1' } } });
    expect((await named.next())[0]).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'b' } } });
    stream.close();
    named.close();
  });

  it('watches every namespace at /api/v1/secrets, and service accounts and config maps likewise', async () => {
    const stream = await watch(`/api/v1/secrets?watch=1&resourceVersion=${server.store.resourceVersion}`);
    await create('apps', 'a');
    await create('web', 'b');
    expect((await stream.next(2)).map((event) => event.object.metadata.namespace)).toEqual(['apps', 'web']);

    const accounts = await watch('/api/v1/namespaces/web/serviceaccounts?watch=1');
    expect((await accounts.next())[0]).toMatchObject({ type: 'ADDED', object: { kind: 'ServiceAccount' } });
    const maps = await watch('/api/v1/configmaps?watch=1');
    const posted = await client.post('/api/v1/namespaces/apps/configmaps', {
      metadata: { name: 'c' },
      data: { k: 'v' },
    });
    expect(posted.status).toBe(201);
    expect((await maps.next())[0]).toMatchObject({ type: 'ADDED', object: { kind: 'ConfigMap' } });
    for (const open of [stream, accounts, maps]) open.close();
  });

  it('sees a namespace turn Terminating (MODIFIED), its content go, and then itself (DELETED)', async () => {
    client.close();
    await server.close();
    await start({ namespaceDeletionDelayMs: 100 });
    await create('apps', 'regcred');
    const since = server.store.resourceVersion;
    const namespaces = await watch(`/api/v1/namespaces?watch=1&resourceVersion=${since}`);
    const secrets = await watch(`${SECRETS}?watch=1&resourceVersion=${since}`);
    expect((await client.delete('/api/v1/namespaces/apps')).status).toBe(200);
    const [terminating, deleted] = await namespaces.next(2);
    expect(terminating).toMatchObject({
      type: 'MODIFIED',
      object: { metadata: { name: 'apps' }, status: { phase: 'Terminating' } },
    });
    expect(terminating?.object.metadata.deletionTimestamp).toBeTruthy();
    expect(deleted).toMatchObject({ type: 'DELETED', object: { metadata: { name: 'apps' } } });
    expect((await secrets.next())[0]).toMatchObject({
      type: 'DELETED',
      object: { metadata: { name: 'regcred' } },
    });
    namespaces.close();
    secrets.close();
  });

  it('answers a compacted resourceVersion with an ERROR event carrying 410 Expired, then ends', async () => {
    const list = await client.get(SECRETS);
    await create('apps', 'after');
    server.compactWatchHistory();
    const old = list.body.metadata.resourceVersion;
    const stream = await watch(`${SECRETS}?watch=1&resourceVersion=${old}`);
    expect(stream.status).toBe(200);
    await stream.ended;
    expect(stream.events).toEqual([
      {
        type: 'ERROR',
        object: {
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: `too old resource version: ${old} (${server.store.resourceVersion})`,
          reason: 'Expired',
          code: 410,
        },
      },
    ]);
    // The current resourceVersion is still good.
    const fresh = await watch(`${SECRETS}?watch=1&resourceVersion=${server.store.resourceVersion}`);
    await create('apps', 'later');
    expect((await fresh.next())[0]?.type).toBe('ADDED');
    fresh.close();
  });

  it('forgets the oldest changes beyond watchHistorySize', async () => {
    client.close();
    await server.close();
    await start({ watchHistorySize: 2 });
    const before = server.store.resourceVersion;
    await create('apps', 'a');
    await create('apps', 'b');
    await create('apps', 'c');
    const stream = await watch(`${SECRETS}?watch=1&resourceVersion=${before}`);
    await stream.ended;
    expect(stream.events[0]?.object).toMatchObject({ code: 410, reason: 'Expired' });
    const kept = await watch(`${SECRETS}?watch=1&resourceVersion=${Number(before) + 1}`);
    expect((await kept.next(2)).map((event) => event.object.metadata.name)).toEqual(['b', 'c']);
    kept.close();
  });

  it('answers a resourceVersion from the future with the watch cache’s 504 Timeout in an ERROR event', async () => {
    const future = Number(server.store.resourceVersion) + 10;
    const stream = await watch(`${SECRETS}?watch=1&resourceVersion=${future}`);
    await stream.ended;
    expect(stream.events[0]).toMatchObject({
      type: 'ERROR',
      object: {
        code: 504,
        reason: 'Timeout',
        message: `Timeout: Too large resource version: ${future}, current: ${server.store.resourceVersion}`,
      },
    });
  });

  it('refuses a resourceVersion that is not a number with 400', async () => {
    const response = await client.get(`${SECRETS}?watch=1&resourceVersion=abc`);
    expect(response.status).toBe(400);
    expect(response.body.reason).toBe('BadRequest');
  });

  it('sends BOOKMARKs with only kind, apiVersion and resourceVersion when allowWatchBookmarks=true', async () => {
    client.close();
    await server.close();
    await start({ watchBookmarkIntervalMs: 50 });
    const plain = await watch(`${SECRETS}?watch=1&resourceVersion=${server.store.resourceVersion}`);
    const stream = await watch(
      `${SECRETS}?watch=1&allowWatchBookmarks=true&resourceVersion=${server.store.resourceVersion}`,
    );
    await create('web', 'elsewhere');
    const [bookmark] = await stream.next();
    expect(bookmark).toEqual({
      type: 'BOOKMARK',
      object: {
        kind: 'Secret',
        apiVersion: 'v1',
        metadata: { resourceVersion: server.store.resourceVersion, creationTimestamp: null },
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(plain.events).toEqual([]);
    plain.close();
    stream.close();
  });

  it('ends the stream after timeoutSeconds', async () => {
    const started = Date.now();
    const stream = await watch(
      `${SECRETS}?watch=1&timeoutSeconds=1&resourceVersion=${server.store.resourceVersion}`,
    );
    await stream.ended;
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(stream.events).toEqual([]);
  });

  it('ends every stream cleanly when the server closes, and counts open ones', async () => {
    const stream = await watch(`${SECRETS}?watch=1`);
    expect(server.openWatches).toBe(1);
    server.closeWatches();
    await stream.ended;
    expect(server.openWatches).toBe(0);
    const again = await watch(`${SECRETS}?watch=1`);
    client.close();
    await server.close();
    await again.ended;
    await start();
  });

  it("drops every stream’s connection on closeWatches('drop'), as a network failure would", async () => {
    const stream = await watch(`${SECRETS}?watch=1`);
    server.closeWatches('drop');
    await expect(stream.ended).rejects.toThrow(/aborted|ECONNRESET|socket hang up/);
    expect(server.openWatches).toBe(0);
  });

  it('forgets a stream the client closed', async () => {
    const stream = await watch(`${SECRETS}?watch=1`);
    stream.close();
    for (let attempt = 0; attempt < 50 && server.openWatches > 0; attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.openWatches).toBe(0);
  });

  it('streams one-row Tables to a client that asks for them (kubectl get -w)', async () => {
    await create('apps', 'one');
    const response = await new Promise<string>((resolve, reject) => {
      const outgoing = httpsRequest(
        new URL(`${SECRETS}?watch=1&timeoutSeconds=1`, server.url),
        {
          ca: server.caPem,
          headers: {
            Authorization: `Bearer ${server.token}`,
            Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
          },
        },
        (incoming) => {
          let text = '';
          incoming.setEncoding('utf8');
          incoming.on('data', (chunk: string) => {
            text += chunk;
          });
          incoming.on('end', () => resolve(text));
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    });
    const [event] = response
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(event).toMatchObject({
      type: 'ADDED',
      object: {
        kind: 'Table',
        apiVersion: 'meta.k8s.io/v1',
        rows: [{ cells: ['one', 'Opaque', 1, expect.any(String)] }],
      },
    });
  });
});

describe('list resourceVersion semantics', () => {
  it('serves the latest state for a resourceVersion without resourceVersionMatch (not older than)', async () => {
    const list = await client.get(SECRETS);
    await create('apps', 'later');
    const again = await client.get(`${SECRETS}?resourceVersion=${list.body.metadata.resourceVersion}`);
    expect(again.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      'later',
    ]);
    server.compactWatchHistory();
    expect(
      (await client.get(`${SECRETS}?resourceVersion=${list.body.metadata.resourceVersion}`)).status,
    ).toBe(200);
  });

  it('rebuilds the state at a resourceVersion with resourceVersionMatch=Exact, and 410 once compacted', async () => {
    await create('apps', 'kept');
    await create('apps', 'removed');
    const list = await client.get(SECRETS);
    const at = list.body.metadata.resourceVersion;
    await client.patch(`${SECRETS}/kept`, 'merge', { metadata: { labels: { changed: 'yes' } } });
    await client.delete(`${SECRETS}/removed`);
    await create('apps', 'added');
    const exact = await client.get(`${SECRETS}?resourceVersion=${at}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(200);
    expect(exact.body.metadata.resourceVersion).toBe(at);
    expect(exact.body.items).toEqual(list.body.items);
    server.compactWatchHistory();
    const gone = await client.get(`${SECRETS}?resourceVersion=${at}&resourceVersionMatch=Exact`);
    expect(gone.status).toBe(410);
    expect(gone.body).toMatchObject({
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
  });
});

describe('watch authorisation', () => {
  it('refuses a restricted token a cluster-wide watch with the RBAC message for the watch verb', async () => {
    client.close();
    await server.close();
    await start({ tokens: { narrow: { namespaces: ['apps'], user: 'robot' } } });
    const response = await client.get('/api/v1/secrets?watch=1', { token: 'narrow' });
    expect(response.status).toBe(403);
    expect(response.body.message).toBe(
      'secrets is forbidden: User "robot" cannot watch resource "secrets" in API group "" at the cluster scope',
    );
    const allowed = await watch(`${SECRETS}?watch=1`, 'narrow');
    expect(allowed.status).toBe(200);
    allowed.close();
  });
});
