import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONCURRENT_WRITE_ANNOTATION } from './kube-api.js';
import { type KubeTestServer, startKubeTestServer } from './kube-test-server.js';
import { b64, secretBody, type TestClient, testClient } from './test-client.js';

// The API semantics over HTTPS, one fresh server per test.

let server: KubeTestServer;
let client: TestClient;

beforeEach(async () => {
  server = await startKubeTestServer({ namespaces: ['apps', 'web'], serviceAccountDelayMs: 0 });
  client = testClient(server);
});

afterEach(async () => {
  client.close();
  await server.close();
});

const SECRETS = '/api/v1/namespaces/apps/secrets';
const DOCKER = 'kubernetes.io/dockerconfigjson';
const dockerConfig = b64(
  JSON.stringify({ auths: { 'ghcr.io': { username: 'u', password: 'p', auth: b64('u:p') } } }),
);

async function create(
  name: string,
  fields: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
) {
  const response = await client.post(SECRETS, secretBody(name, fields, metadata));
  expect(response.status, response.text).toBe(201);
  return response.body;
}

describe('create', () => {
  it('stores the object with uid, creationTimestamp and a resourceVersion, and returns it with 201', async () => {
    const before = Number(server.store.resourceVersion);
    const created = await create('regcred', { type: DOCKER, data: { '.dockerconfigjson': dockerConfig } });
    expect(created).toMatchObject({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 'regcred', namespace: 'apps', resourceVersion: String(before + 1) },
      type: DOCKER,
      data: { '.dockerconfigjson': dockerConfig },
    });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const read = await client.get(`${SECRETS}/regcred`);
    expect(read.body).toEqual(created);
    expect(server.store.get('secrets', 'apps', 'regcred')).toEqual(created);
  });

  it('folds stringData into data as base64, defaults the type to Opaque and sorts keys', async () => {
    const created = await create('plain', {
      data: { z: b64('last') },
      stringData: { a: 'first', z: 'wins' },
    });
    expect(created.type).toBe('Opaque');
    expect(created.stringData).toBeUndefined();
    expect(created.data).toEqual({ a: b64('first'), z: b64('wins') });
    expect(Object.keys(created.data)).toEqual(['a', 'z']);
  });

  it('answers 409 AlreadyExists for a second create', async () => {
    await create('regcred');
    const again = await client.post(SECRETS, secretBody('regcred'));
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "regcred" already exists',
      reason: 'AlreadyExists',
      details: { name: 'regcred', kind: 'secrets' },
      code: 409,
    });
  });

  it('answers 404 for a namespace that does not exist', async () => {
    const response = await client.post('/api/v1/namespaces/nope/secrets', secretBody('regcred'));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "nope" not found',
      details: { name: 'nope', kind: 'namespaces' },
    });
  });

  it('answers 403 in a Terminating namespace, with the real message and cause', async () => {
    server.markNamespaceTerminating('apps');
    const response = await client.post(SECRETS, secretBody('regcred'));
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'secrets "regcred" is forbidden: unable to create new content in namespace apps because it is being terminated',
      details: {
        name: 'regcred',
        kind: 'secrets',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace apps is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
      code: 403,
    });
    // Updates in a terminating namespace are still allowed, as on a real cluster.
    expect((await client.get('/api/v1/namespaces/apps/serviceaccounts/default')).status).toBe(200);
  });

  it('refuses a body whose namespace is not the URL namespace', async () => {
    const response = await client.post(SECRETS, secretBody('regcred', {}, { namespace: 'web' }));
    expect(response.status).toBe(400);
    expect(response.body.message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('with dryRun=All validates and answers in full but stores nothing', async () => {
    const version = server.store.resourceVersion;
    const response = await client.post(
      `${SECRETS}?dryRun=All`,
      secretBody('dry', { stringData: { a: 'b' } }),
    );
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ metadata: { name: 'dry' }, data: { a: b64('b') } });
    expect(response.body.metadata.resourceVersion).toBeUndefined();
    expect(server.store.get('secrets', 'apps', 'dry')).toBeUndefined();
    expect(server.store.resourceVersion).toBe(version);
    const invalid = await client.post(`${SECRETS}?dryRun=All`, secretBody('Bad'));
    expect(invalid.status).toBe(422);
    expect((await client.post(`${SECRETS}?dryRun=Some`, secretBody('dry'))).status).toBe(400);
  });

  it('creates namespaces with phase Active, the kubernetes finalizer and the name label', async () => {
    const response = await client.post('/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
    expect(response.body.metadata.namespace).toBeUndefined();
  });
});

describe('read', () => {
  it('answers 404 NotFound with a Status for a missing object', async () => {
    const response = await client.get(`${SECRETS}/missing`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'secrets "missing" not found',
      reason: 'NotFound',
      details: { name: 'missing', kind: 'secrets' },
      code: 404,
    });
  });

  it('lists with the list kind and resourceVersion, items without kind or apiVersion', async () => {
    await create('b');
    await create('a');
    const response = await client.get(SECRETS);
    expect(response.body.kind).toBe('SecretList');
    expect(response.body.apiVersion).toBe('v1');
    expect(response.body.metadata.resourceVersion).toBe(server.store.resourceVersion);
    expect(response.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      'a',
      'b',
    ]);
    expect(response.body.items[0].kind).toBeUndefined();
    expect(response.body.items[0].apiVersion).toBeUndefined();
  });

  it('lists across all namespaces', async () => {
    await create('one');
    await client.post('/api/v1/namespaces/web/secrets', secretBody('two'));
    const response = await client.get('/api/v1/secrets');
    const keys = response.body.items.map(
      (item: { metadata: { namespace: string; name: string } }) =>
        `${item.metadata.namespace}/${item.metadata.name}`,
    );
    expect(keys).toEqual(['apps/one', 'web/two']);
    const accounts = await client.get('/api/v1/serviceaccounts');
    expect(accounts.body.items.length).toBe(5);
  });

  it('filters by label selector with every operator', async () => {
    await create('x1', {}, { labels: { app: 'x', tier: 'web' } });
    await create('x2', {}, { labels: { app: 'x' } });
    await create('y1', {}, { labels: { app: 'y', level: '5' } });
    await create('none');
    const names = async (selector: string) => {
      const response = await client.get(`${SECRETS}?labelSelector=${encodeURIComponent(selector)}`);
      expect(response.status, response.text).toBe(200);
      return response.body.items.map((item: { metadata: { name: string } }) => item.metadata.name);
    };
    expect(await names('app=x')).toEqual(['x1', 'x2']);
    expect(await names('app==x')).toEqual(['x1', 'x2']);
    expect(await names('app!=x')).toEqual(['none', 'y1']);
    expect(await names('app in (x, y)')).toEqual(['x1', 'x2', 'y1']);
    expect(await names('app notin (x)')).toEqual(['none', 'y1']);
    expect(await names('tier')).toEqual(['x1']);
    expect(await names('!app')).toEqual(['none']);
    expect(await names('app=x,!tier')).toEqual(['x2']);
    expect(await names('level>3')).toEqual(['y1']);
    expect(await names('')).toEqual(['none', 'x1', 'x2', 'y1']);
    const bad = await client.get(`${SECRETS}?labelSelector=${encodeURIComponent('app in x')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
  });

  it('filters by field selector and refuses unsupported fields', async () => {
    await create('a', { type: 'kubernetes.io/tls', data: { 'tls.crt': b64('c'), 'tls.key': b64('k') } });
    await create('b');
    const byName = await client.get(`/api/v1/secrets?fieldSelector=metadata.name%3Db`);
    expect(byName.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      'b',
    ]);
    const byType = await client.get(`${SECRETS}?fieldSelector=type%21%3DOpaque`);
    expect(byType.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      'a',
    ]);
    const bad = await client.get(`${SECRETS}?fieldSelector=spec.foo%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('field label not supported: spec.foo');
  });

  it('pages with limit and continue', async () => {
    for (const name of ['a', 'b', 'c', 'd', 'e']) await create(name);
    const seen: string[] = [];
    let token = '';
    for (let page = 0; page < 5; page++) {
      const response = await client.get(`${SECRETS}?limit=2${token ? `&continue=${token}` : ''}`);
      seen.push(...response.body.items.map((item: { metadata: { name: string } }) => item.metadata.name));
      token = response.body.metadata.continue ?? '';
      if (!token) break;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd', 'e']);
    const first = await client.get(`${SECRETS}?limit=2`);
    expect(first.body.metadata.remainingItemCount).toBe(3);
  });

  it('answers a Table when asked, as kubectl get asks', async () => {
    await create('regcred', { type: DOCKER, data: { '.dockerconfigjson': dockerConfig } });
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const response = await client.get(SECRETS, { headers: { Accept: accept } });
    expect(response.body.kind).toBe('Table');
    expect(response.body.apiVersion).toBe('meta.k8s.io/v1');
    expect(response.body.columnDefinitions.map((column: { name: string }) => column.name)).toEqual([
      'Name',
      'Type',
      'Data',
      'Age',
    ]);
    expect(response.body.rows[0].cells.slice(0, 3)).toEqual(['regcred', DOCKER, 1]);
    expect(response.body.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'regcred', namespace: 'apps' },
    });
    const single = await client.get('/api/v1/namespaces/apps', { headers: { Accept: accept } });
    expect(single.body.rows[0].cells.slice(0, 2)).toEqual(['apps', 'Active']);
  });

  it('answers 404 for unknown paths and 405 for unsupported methods; watch is served (watch.test.ts)', async () => {
    const unknown = await client.get('/api/v1/namespaces/apps/pods');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('the server could not find the requested resource');
    expect((await client.get('/apis/apps/v1')).status).toBe(404);
    expect((await client.post('/api/v1/secrets', secretBody('x'))).status).toBe(405);
    // Watch used to be 405; it now streams. A watch from the future ends at once with an ERROR event.
    const future = Number(server.store.resourceVersion) + 1;
    const watched = await client.get(`${SECRETS}?watch=true&resourceVersion=${future}`);
    expect(watched.status).toBe(200);
    expect(watched.body).toMatchObject({ type: 'ERROR', object: { code: 504 } });
  });
});

describe('update', () => {
  it('updates with the current resourceVersion, and bumps it', async () => {
    const created = await create('regcred', { stringData: { a: '1' } });
    const response = await client.put(`${SECRETS}/regcred`, { ...created, data: { a: b64('2') } });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ a: b64('2') });
    expect(Number(response.body.metadata.resourceVersion)).toBe(Number(created.metadata.resourceVersion) + 1);
    expect(response.body.metadata.uid).toBe(created.metadata.uid);
    expect(response.body.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
  });

  it('answers 409 Conflict for a stale resourceVersion', async () => {
    const created = await create('regcred');
    await client.put(`${SECRETS}/regcred`, { ...created, data: { a: b64('new') } });
    const stale = await client.put(`${SECRETS}/regcred`, { ...created, data: { a: b64('lost') } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on secrets "regcred": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'regcred', kind: 'secrets' },
      code: 409,
    });
    expect(server.store.get('secrets', 'apps', 'regcred')?.data).toEqual({ a: b64('new') });
  });

  it('updates without a resourceVersion unconditionally', async () => {
    await create('regcred');
    const response = await client.put(
      `${SECRETS}/regcred`,
      secretBody('regcred', { stringData: { k: 'v' } }),
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ k: b64('v') });
  });

  it('answers 404 for an object that does not exist, and 400 for a name that is not the URL name', async () => {
    expect((await client.put(`${SECRETS}/missing`, secretBody('missing'))).status).toBe(404);
    await create('regcred');
    const renamed = await client.put(`${SECRETS}/regcred`, secretBody('other'));
    expect(renamed.status).toBe(400);
    expect(renamed.body.message).toBe(
      'the name of the object (other) does not match the name on the URL (regcred)',
    );
  });

  it('does not write, nor bump the resourceVersion, when nothing changes', async () => {
    const created = await create('regcred', { stringData: { a: '1' } });
    const version = server.store.resourceVersion;
    const response = await client.put(`${SECRETS}/regcred`, created);
    expect(response.status).toBe(200);
    expect(response.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(server.store.resourceVersion).toBe(version);
  });

  it('with dryRun=All answers the updated object and keeps the stored one', async () => {
    const created = await create('regcred', { stringData: { a: '1' } });
    const response = await client.put(`${SECRETS}/regcred?dryRun=All`, { ...created, data: { a: b64('2') } });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ a: b64('2') });
    expect(server.store.get('secrets', 'apps', 'regcred')).toEqual(created);
  });

  it('injectConflicts makes a concurrent writer win the race, then lets the retry through', async () => {
    const created = await create('regcred');
    server.injectConflicts(1);
    const lost = await client.put(`${SECRETS}/regcred`, { ...created, data: { a: b64('mine') } });
    expect(lost.status).toBe(409);
    expect(lost.body.reason).toBe('Conflict');
    const fresh = await client.get(`${SECRETS}/regcred`);
    expect(fresh.body.metadata.annotations[CONCURRENT_WRITE_ANNOTATION]).toBe('1');
    expect(Number(fresh.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const retry = await client.put(`${SECRETS}/regcred`, { ...fresh.body, data: { a: b64('mine') } });
    expect(retry.status).toBe(200);
    // A patch without a resourceVersion is applied on top of the concurrent write.
    server.injectConflicts(1);
    const patched = await client.patch(`${SECRETS}/regcred`, 'merge', { metadata: { labels: { a: 'b' } } });
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.annotations[CONCURRENT_WRITE_ANNOTATION]).toBe('2');
    expect(patched.body.metadata.labels).toEqual({ a: 'b' });
  });
});

describe('validation', () => {
  const causes = (response: { body: { details: { causes: { field: string }[] } } }) =>
    response.body.details.causes.map((cause) => cause.field);

  it('refuses invalid Secret and ServiceAccount names (DNS-1123 subdomain of at most 253)', async () => {
    const upper = await client.post(SECRETS, secretBody('Regcred'));
    expect(upper.status).toBe(422);
    expect(upper.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Invalid',
      code: 422,
      details: {
        name: 'Regcred',
        kind: 'Secret',
        causes: [{ reason: 'FieldValueInvalid', field: 'metadata.name' }],
      },
    });
    expect(upper.body.message).toMatch(
      /^Secret "Regcred" is invalid: metadata\.name: Invalid value: "Regcred": a lowercase RFC 1123 subdomain/,
    );
    expect((await client.post(SECRETS, secretBody('a.b-c'))).status).toBe(201);
    expect((await client.post(SECRETS, secretBody('a'.repeat(254)))).status).toBe(422);
    const account = await client.post('/api/v1/namespaces/apps/serviceaccounts', {
      metadata: { name: 'under_score' },
    });
    expect(account.status).toBe(422);
    expect(account.body.details.kind).toBe('ServiceAccount');
    const missing = await client.post(SECRETS, { metadata: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe(
      'Secret "" is invalid: metadata.name: Required value: name or generateName is required',
    );
  });

  it('refuses invalid namespace names (DNS-1123 label of at most 63)', async () => {
    for (const name of ['a.b', 'A', 'a'.repeat(64), '-a']) {
      const response = await client.post('/api/v1/namespaces', { metadata: { name } });
      expect(response.status, name).toBe(422);
      expect(causes(response)[0]).toBe('metadata.name');
    }
    expect((await client.post('/api/v1/namespaces', { metadata: { name: 'a'.repeat(63) } })).status).toBe(
      201,
    );
  });

  it('refuses invalid data keys', async () => {
    const response = await client.post(
      SECRETS,
      secretBody('s', { data: { 'bad key': b64('x'), '..dots': b64('y'), ok: b64('z') } }),
    );
    expect(response.status).toBe(422);
    expect(causes(response)).toEqual(['data[..dots]', 'data[bad key]']);
    expect(response.body.message).toMatch(
      /^Secret "s" is invalid: \[data\[\.\.dots\]: Invalid value: "\.\.dots": must not start with '\.\.', data\[bad key\]: Invalid value: "bad key": a valid config key/,
    );
  });

  it('refuses data values that are not base64, as the real decoder does (400)', async () => {
    const response = await client.post(SECRETS, secretBody('s', { data: { a: 'not base64!' } }));
    expect(response.status).toBe(400);
    expect(response.body.reason).toBe('BadRequest');
    expect(response.body.message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
    expect((await client.post(SECRETS, secretBody('t', { data: { a: 'YWJj' } }))).status).toBe(201);
  });

  it('requires a .dockerconfigjson key holding a JSON object, and never echoes it', async () => {
    const missing = await client.post(SECRETS, secretBody('s', { type: DOCKER, data: { other: b64('x') } }));
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe('Secret "s" is invalid: data[.dockerconfigjson]: Required value');
    const notJson = await client.post(
      SECRETS,
      secretBody('s', { type: DOCKER, stringData: { '.dockerconfigjson': 'hunter2{' } }),
    );
    expect(notJson.status).toBe(422);
    expect(notJson.body.details.causes[0]).toMatchObject({
      reason: 'FieldValueInvalid',
      field: 'data[.dockerconfigjson]',
    });
    expect(notJson.text).toContain('<secret contents redacted>');
    expect(notJson.text).not.toContain('hunter2');
    const array = await client.post(
      SECRETS,
      secretBody('s', { type: DOCKER, stringData: { '.dockerconfigjson': '[]' } }),
    );
    expect(array.status).toBe(422);
  });

  it('keeps the Secret type immutable on update and patch', async () => {
    const created = await create('regcred', { type: DOCKER, data: { '.dockerconfigjson': dockerConfig } });
    const put = await client.put(`${SECRETS}/regcred`, { ...created, type: 'Opaque' });
    expect(put.status).toBe(422);
    expect(put.body.message).toBe(
      'Secret "regcred" is invalid: type: Invalid value: "Opaque": field is immutable',
    );
    expect(causes(put)).toEqual(['type']);
    const patch = await client.patch(`${SECRETS}/regcred`, 'merge', { type: 'Opaque' });
    expect(patch.status).toBe(422);
    // Leaving the type out of a PUT defaults it to Opaque, which changes it too.
    const { type: _type, ...untyped } = created;
    expect((await client.put(`${SECRETS}/regcred`, untyped)).status).toBe(422);
  });

  it('keeps data of an immutable Secret', async () => {
    await create('frozen', { immutable: true, stringData: { a: '1' } });
    const response = await client.patch(`${SECRETS}/frozen`, 'merge', { stringData: { a: '2' } });
    expect(response.status).toBe(422);
    expect(response.body.message).toBe(
      'Secret "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
  });

  it('refuses invalid labels', async () => {
    const response = await client.post(
      SECRETS,
      secretBody('s', {}, { labels: { 'bad key!': 'x', ok: 'not ok' } }),
    );
    expect(response.status).toBe(422);
    expect(causes(response)).toEqual(['metadata.labels', 'metadata.labels']);
  });

  it('refuses wrongly typed fields with the decoder 400', async () => {
    const response = await client.post(SECRETS, secretBody('s', { data: { a: 1 } }));
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(
      /^Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal number/,
    );
    expect((await client.post(SECRETS, secretBody('s', { type: 5 }))).status).toBe(400);
    expect((await client.post(SECRETS, '{not json')).status).toBe(400);
  });

  it('rejects unknown fields with fieldValidation=Strict and warns by default', async () => {
    const strict = await client.post(
      `${SECRETS}?fieldValidation=Strict`,
      secretBody('s', { spec: {} }, { colour: 'red' }),
    );
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe(
      'strict decoding error: unknown field "metadata.colour", unknown field "spec"',
    );
    const warned = await client.post(SECRETS, secretBody('s', { spec: {} }));
    expect(warned.status).toBe(201);
    expect(warned.headers.warning).toBe('299 - "unknown field \\"spec\\""');
  });
});

describe('patch', () => {
  it('applies a JSON patch, 422 when an operation does not apply, 400 when it is not a patch', async () => {
    await create('s', { stringData: { a: '1', b: '2' } });
    const response = await client.patch(`${SECRETS}/s`, 'json', [
      { op: 'test', path: '/data/a', value: b64('1') },
      { op: 'replace', path: '/data/a', value: b64('one') },
      { op: 'remove', path: '/data/b' },
      { op: 'add', path: '/metadata/labels', value: { app: 'x' } },
    ]);
    expect(response.status, response.text).toBe(200);
    expect(response.body.data).toEqual({ a: b64('one') });
    expect(response.body.metadata.labels).toEqual({ app: 'x' });
    const failed = await client.patch(`${SECRETS}/s`, 'json', [
      { op: 'test', path: '/data/a', value: 'nope' },
    ]);
    expect(failed.status).toBe(422);
    expect(failed.body.reason).toBe('Invalid');
    expect((await client.patch(`${SECRETS}/s`, 'json', { op: 'add' })).status).toBe(400);
  });

  it('applies a merge patch: maps merge, null deletes, lists are replaced', async () => {
    await client.patch('/api/v1/namespaces/apps/serviceaccounts/default', 'merge', {
      imagePullSecrets: [{ name: 'a' }, { name: 'b' }],
    });
    await create('s', { stringData: { a: '1', b: '2' } }, { labels: { keep: 'yes', drop: 'yes' } });
    const secret = await client.patch(`${SECRETS}/s`, 'merge', {
      metadata: { labels: { drop: null, add: 'new' } },
      data: { b: null },
    });
    expect(secret.body.metadata.labels).toEqual({ add: 'new', keep: 'yes' });
    expect(secret.body.data).toEqual({ a: b64('1') });
    const account = await client.patch('/api/v1/namespaces/apps/serviceaccounts/default', 'merge', {
      imagePullSecrets: [{ name: 'c' }],
    });
    expect(account.body.imagePullSecrets).toEqual([{ name: 'c' }]);
  });

  it('applies a strategic merge patch with the struct tags of ServiceAccount: secrets merge by name, imagePullSecrets is atomic', async () => {
    const path = '/api/v1/namespaces/apps/serviceaccounts/default';
    await client.patch(path, 'merge', {
      secrets: [{ name: 'token-a' }],
      imagePullSecrets: [{ name: 'other' }],
      metadata: { finalizers: ['x/a'] },
    });
    const patch = { secrets: [{ name: 'token-b' }], imagePullSecrets: [{ name: 'regcred' }] };
    const first = await client.patch(path, 'strategic-merge', patch);
    expect(first.status).toBe(200);
    expect(first.body.secrets).toEqual([{ name: 'token-a' }, { name: 'token-b' }]);
    // +listType=atomic, no patchStrategy: the patch's list replaces the stored one, as on a real cluster.
    expect(first.body.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    const version = server.store.resourceVersion;
    const second = await client.patch(path, 'strategic-merge', patch);
    expect(second.body.imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(server.store.resourceVersion).toBe(version);
    const removed = await client.patch(path, 'strategic-merge', {
      secrets: [{ name: 'token-a', $patch: 'delete' }],
      metadata: { finalizers: ['x/b'] },
    });
    expect(removed.body.secrets).toEqual([{ name: 'token-b' }]);
    // metadata.finalizers is a merged set.
    expect(removed.body.metadata.finalizers).toEqual(['x/a', 'x/b']);
    await create('s', { stringData: { a: '1', b: '2' } });
    const secret = await client.patch(`${SECRETS}/s`, 'strategic-merge', {
      data: { a: null },
      stringData: { c: '3' },
    });
    expect(secret.body.data).toEqual({ b: b64('2'), c: b64('3') });
  });

  it('answers 404 for a missing object, 409 for a stale resourceVersion in the patch, 415 for other types', async () => {
    expect((await client.patch(`${SECRETS}/missing`, 'merge', {})).status).toBe(404);
    await create('s');
    const stale = await client.patch(`${SECRETS}/s`, 'merge', {
      metadata: { resourceVersion: '1', labels: { a: 'b' } },
    });
    expect(stale.status).toBe(409);
    const apply = await client.request('PATCH', `${SECRETS}/s`, {
      body: 'kind: Secret',
      contentType: 'application/apply-patch+yaml',
    });
    expect(apply.status).toBe(415);
    expect(apply.body.reason).toBe('UnsupportedMediaType');
  });

  it('with dryRun=All answers the patched object and keeps the stored one', async () => {
    const created = await create('s', { stringData: { a: '1' } });
    const response = await client.patch(`${SECRETS}/s?dryRun=All`, 'merge', { stringData: { a: '2' } });
    expect(response.body.data).toEqual({ a: b64('2') });
    expect(server.store.get('secrets', 'apps', 's')).toEqual(created);
  });
});

describe('delete', () => {
  it('deletes and answers a Success Status; a second delete is 404', async () => {
    const created = await create('s');
    const response = await client.delete(`${SECRETS}/s`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 's', kind: 'secrets', uid: created.metadata.uid },
    });
    expect(server.store.get('secrets', 'apps', 's')).toBeUndefined();
    expect((await client.delete(`${SECRETS}/s`)).status).toBe(404);
  });

  it('checks preconditions and honours dryRun', async () => {
    await create('s');
    const stale = await client.delete(`${SECRETS}/s`, { body: { preconditions: { resourceVersion: '1' } } });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/Precondition failed: ResourceVersion in precondition: 1/);
    expect((await client.delete(`${SECRETS}/s?dryRun=All`)).status).toBe(200);
    expect(server.store.get('secrets', 'apps', 's')).toBeDefined();
  });

  it('turns a namespace Terminating, then removes it with its content', async () => {
    await server.close();
    server = await startKubeTestServer({ namespaces: ['apps'], namespaceDeletionDelayMs: 100 });
    client.close();
    client = testClient(server);
    await create('s');
    const response = await client.delete('/api/v1/namespaces/apps');
    expect(response.status).toBe(200);
    expect(response.body.status).toEqual({ phase: 'Terminating' });
    expect(response.body.metadata.deletionTimestamp).toBeDefined();
    expect((await client.post(SECRETS, secretBody('late'))).status).toBe(403);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await client.get('/api/v1/namespaces/apps')).status).toBe(404);
    expect(server.store.list('secrets', 'apps')).toEqual([]);
    const immortal = await client.delete('/api/v1/namespaces/default');
    expect(immortal.status).toBe(403);
    expect(immortal.body.message).toBe(
      'namespaces "default" is forbidden: this namespace may not be deleted',
    );
  });
});

describe('protobuf bodies', () => {
  // Captured from `kubectl create secret docker-registry regcred --docker-server ghcr.io
  // --docker-username u --docker-password p -n default -v=9`: kubectl 1.32 sends built-in kinds as protobuf.
  const KUBECTL_SECRET = Buffer.from(
    [
      '6b3873000a0c0a0276311206536563726574129a010a1e0a077265676372656412001a0764656661756c7422002a0032',
      '003800420012580a112e646f636b6572636f6e6669676a736f6e12437b226175746873223a7b22676863722e696f223a',
      '7b22757365726e616d65223a2275222c2270617373776f7264223a2270222c2261757468223a2264547077227d7d7d1a',
      '1e6b756265726e657465732e696f2f646f636b6572636f6e6669676a736f6e1a002200',
    ].join(''),
    'hex',
  );

  it('decodes a Secret as kubectl sends it', async () => {
    const response = await client.request('POST', '/api/v1/namespaces/default/secrets', {
      body: KUBECTL_SECRET,
      contentType: 'application/vnd.kubernetes.protobuf',
    });
    expect(response.status, response.text).toBe(201);
    expect(response.body).toMatchObject({
      metadata: { name: 'regcred', namespace: 'default' },
      type: DOCKER,
    });
    expect(Buffer.from(response.body.data['.dockerconfigjson'], 'base64').toString()).toBe(
      '{"auths":{"ghcr.io":{"username":"u","password":"p","auth":"dTpw"}}}',
    );
  });
});
