import { createHash } from 'node:crypto';
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OvhTestServer, startOvhTestServer } from './ovh-test-server.js';

const AS = 'test-application-secret';
const CK = 'test-consumer-key';

describe('the OVH test server', () => {
  let server: OvhTestServer;
  beforeAll(async () => {
    server = await startOvhTestServer({
      applications: [{ applicationKey: 'ak', applicationSecret: AS }],
      consumerKeys: [{ consumerKey: CK, applicationKey: 'ak' }],
      projects: { p1: [{ id: 'r1', name: 'shop', url: 'https://x.c1.gra9.container-registry.ovh.net' }] },
      clockOffsetSeconds: 3600,
      allowedDriftSeconds: 30,
    });
  });
  afterAll(() => server?.close());

  const call = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}${path}`, { ca: server.caPem, headers }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString('utf8');
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  // Signed as OVH documents it, written out here independently of the provider's code.
  const signed = (path: string, timestamp: number, secret = AS) => ({
    'x-ovh-application': 'ak',
    'x-ovh-consumer': CK,
    'x-ovh-timestamp': String(timestamp),
    'x-ovh-signature': `$1$${createHash('sha1').update(`${secret}+${CK}+GET+${server.url}${path}++${timestamp}`).digest('hex')}`,
  });
  const path = '/cloud/project/p1/containerRegistry/r1';

  it('tells its own clock, an hour ahead, without a signature', async () => {
    const { status, body } = await call('/auth/time');
    expect(status).toBe(200);
    expect(Number(body) - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(3599);
  });

  it('answers a request signed with its clock, and refuses the local clock an hour behind', async () => {
    const serverTime = Number((await call('/auth/time')).body);
    expect(await call(path, signed(path, serverTime))).toMatchObject({ status: 200 });
    const local = Math.floor(Date.now() / 1000);
    expect(JSON.parse((await call(path, signed(path, local))).body)).toMatchObject({
      errorCode: 'QUERY_TIME_OUT',
    });
    expect(JSON.parse((await call(path, signed(path, serverTime - 31))).body)).toMatchObject({
      errorCode: 'QUERY_TIME_OUT',
    });
  });

  it('refuses a wrong signature, an unknown application and an unknown bearer token', async () => {
    const serverTime = Number((await call('/auth/time')).body);
    const wrong = await call(path, signed(path, serverTime, 'other-secret'));
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body)).toEqual({
      errorCode: 'INVALID_SIGNATURE',
      httpCode: '400 Bad Request',
      message: 'Invalid signature',
    });
    expect((await call(path)).status).toBe(403);
    expect((await call(path, { authorization: 'Bearer made-up' })).status).toBe(401);
  });
});
