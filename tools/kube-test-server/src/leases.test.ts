import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type KubeTestServer, startKubeTestServer } from './kube-test-server.js';
import { canonicalMicroTime } from './leases.js';
import { type TestClient, testClient } from './test-client.js';

// coordination.k8s.io/v1 Leases over HTTPS: discovery, CRUD and optimistic concurrency.

let server: KubeTestServer;
let client: TestClient;

beforeEach(async () => {
  server = await startKubeTestServer({ namespaces: ['apps'], serviceAccountDelayMs: 0 });
  client = testClient(server);
});

afterEach(async () => {
  client.close();
  await server.close();
});

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/apps/leases';

const lease = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'coordination.k8s.io/v1',
  kind: 'Lease',
  metadata: { name },
  spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15, ...spec },
});

describe('canonicalMicroTime', () => {
  it('writes RFC 3339 times in UTC with six fractional digits', () => {
    expect(canonicalMicroTime('2026-12-02T16:00:00.123456Z')).toBe('2026-12-02T16:00:00.123456Z');
    expect(canonicalMicroTime('2026-12-02T17:00:00.5+01:00')).toBe('2026-12-02T16:00:00.500000Z');
    expect(canonicalMicroTime('2026-12-02T16:00:00Z')).toBe('2026-12-02T16:00:00.000000Z');
  });

  it('refuses anything else with the decoder’s 400', () => {
    expect(() => canonicalMicroTime('yesterday')).toThrow(
      /cannot be handled as a Lease: parsing time "yesterday"/,
    );
  });
});

describe('leases', () => {
  it('are discoverable: /apis lists the group, and its version lists leases', async () => {
    const groups = await client.get('/apis');
    expect(groups.body.groups).toEqual([
      {
        name: 'coordination.k8s.io',
        versions: [{ groupVersion: 'coordination.k8s.io/v1', version: 'v1' }],
        preferredVersion: { groupVersion: 'coordination.k8s.io/v1', version: 'v1' },
      },
    ]);
    expect((await client.get('/apis/coordination.k8s.io')).body.kind).toBe('APIGroup');
    const resources = await client.get('/apis/coordination.k8s.io/v1');
    expect(resources.body).toMatchObject({
      kind: 'APIResourceList',
      groupVersion: 'coordination.k8s.io/v1',
      resources: [{ name: 'leases', singularName: 'lease', namespaced: true, kind: 'Lease' }],
    });
    expect(resources.body.resources[0].verbs).toContain('watch');
    expect((await client.get('/apis/coordination.k8s.io/v2')).status).toBe(404);
    expect((await client.get('/api/v1/namespaces/apps/leases')).status).toBe(404);
    expect((await client.get('/apis/coordination.k8s.io/v1/namespaces/apps/secrets')).status).toBe(404);
  });

  it('are created, read, listed (also across namespaces) and deleted', async () => {
    const created = await client.post(LEASES, lease('leader', { renewTime: '2026-12-02T16:00:00.1Z' }));
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'leader', namespace: 'apps' },
      spec: { holderIdentity: 'pod-a', leaseDurationSeconds: 15, renewTime: '2026-12-02T16:00:00.100000Z' },
    });
    expect((await client.get(`${LEASES}/leader`)).body).toEqual(created.body);
    const list = await client.get('/apis/coordination.k8s.io/v1/leases');
    expect(list.body).toMatchObject({ kind: 'LeaseList', apiVersion: 'coordination.k8s.io/v1' });
    expect(list.body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      'leader',
    ]);
    expect(server.store.get('leases', 'apps', 'leader')?.spec).toEqual(created.body.spec);

    const again = await client.post(LEASES, lease('leader'));
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('leases.coordination.k8s.io "leader" already exists');
    expect(again.body.details).toEqual({ name: 'leader', group: 'coordination.k8s.io', kind: 'leases' });

    expect((await client.delete(`${LEASES}/leader`)).status).toBe(200);
    const gone = await client.get(`${LEASES}/leader`);
    expect(gone.status).toBe(404);
    expect(gone.body.message).toBe('leases.coordination.k8s.io "leader" not found');
  });

  it('take over with an update carrying the resourceVersion read; the loser of a race gets 409', async () => {
    const created = (await client.post(LEASES, lease('leader'))).body;
    const takeOver = { ...created, spec: { ...created.spec, holderIdentity: 'pod-b', leaseTransitions: 1 } };
    const won = await client.put(`${LEASES}/leader`, takeOver);
    expect(won.status, won.text).toBe(200);
    expect(won.body.spec.holderIdentity).toBe('pod-b');
    const lost = await client.put(`${LEASES}/leader`, {
      ...created,
      spec: { ...created.spec, holderIdentity: 'pod-c' },
    });
    expect(lost.status).toBe(409);
    expect(lost.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on leases.coordination.k8s.io "leader": the object has been modified; please apply your changes to the latest version and try again',
      details: { name: 'leader', group: 'coordination.k8s.io', kind: 'leases' },
    });
    const renewed = await client.patch(`${LEASES}/leader`, 'merge', {
      metadata: { resourceVersion: won.body.metadata.resourceVersion },
      spec: { renewTime: '2026-12-02T16:00:05.000001Z' },
    });
    expect(renewed.status, renewed.text).toBe(200);
    expect(renewed.body.spec.renewTime).toBe('2026-12-02T16:00:05.000001Z');
    const stale = await client.patch(`${LEASES}/leader`, 'merge', {
      metadata: { resourceVersion: won.body.metadata.resourceVersion },
      spec: { renewTime: '2026-12-02T16:00:06Z' },
    });
    expect(stale.status).toBe(409);
    server.injectConflicts(1);
    const raced = await client.put(`${LEASES}/leader`, renewed.body);
    expect(raced.status).toBe(409);
  });

  it('validate the spec as the real server does', async () => {
    const bad = await client.post(LEASES, lease('leader', { leaseDurationSeconds: 0, leaseTransitions: -1 }));
    expect(bad.status).toBe(422);
    expect(bad.body.message).toBe(
      'Lease.coordination.k8s.io "leader" is invalid: [spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0, spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0]',
    );
    expect(bad.body.details).toMatchObject({ name: 'leader', group: 'coordination.k8s.io', kind: 'Lease' });
    const badTime = await client.post(LEASES, lease('leader', { renewTime: 'soon' }));
    expect(badTime.status).toBe(400);
    const wrongVersion = await client.post(LEASES, { ...lease('leader'), apiVersion: 'v1' });
    expect(wrongVersion.body.message).toBe(
      'the API version in the data (v1) does not match the expected API version (coordination.k8s.io/v1)',
    );
    const unknown = await client.post(`${LEASES}?fieldValidation=Strict`, lease('leader', { holder: 'x' }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('strict decoding error: unknown field "spec.holder"');
  });

  it('are watched, and go with their namespace', async () => {
    expect((await client.post(LEASES, lease('leader'))).status).toBe(201);
    const seen = await client.get(`${LEASES}?watch=1&timeoutSeconds=1`);
    expect(
      seen.text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).type),
    ).toEqual(['ADDED']);
    expect((await client.delete('/api/v1/namespaces/apps')).status).toBe(200);
    for (let attempt = 0; attempt < 50 && server.store.get('leases', 'apps', 'leader'); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 10));
    expect(server.store.get('leases', 'apps', 'leader')).toBeUndefined();
  });
});
