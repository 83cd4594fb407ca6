import { createPrivateKey, sign } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleTestServer, OAUTH2_TOKEN_URL, startGoogleTestServer } from './google-test-server.js';
import { generateServiceAccountKey } from './service-account-key.js';

const account = generateServiceAccountKey();
const AUDIENCE = '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/x';
const TARGET = 'target@test-project.iam.gserviceaccount.com';
let server: GoogleTestServer;

beforeAll(async () => {
  server = await startGoogleTestServer({
    serviceAccounts: [account],
    federation: [{ audience: AUDIENCE, subjectToken: 'CANARY-subject' }],
    impersonation: [{ caller: account.email, target: TARGET }],
  });
});
afterAll(() => server?.close());

function assertion(claims: Record<string, unknown>, keyJson = account.keyJson): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode({ iss: account.email, aud: OAUTH2_TOKEN_URL, scope: 'https://www.googleapis.com/auth/cloud-platform', iat: now, exp: now + 3600, ...claims })}`;
  const key = createPrivateKey(JSON.parse(keyJson).private_key);
  return `${body}.${sign('RSA-SHA256', Buffer.from(body), key).toString('base64url')}`;
}

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', body, headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };

describe('startGoogleTestServer', () => {
  it('OAuth2: issues a token for a JWT the service account key signed, refuses others', async () => {
    const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    const ok = await post('/token', form({ grant_type: grant, assertion: assertion({}) }), formHeaders);
    expect(ok).toMatchObject({ status: 200, body: { expires_in: 3599, token_type: 'Bearer' } });
    expect(server.issued.at(-1)).toMatchObject({ token: ok.body.access_token, principal: account.email });

    const stranger = generateServiceAccountKey(account.email);
    for (const [bad, description] of [
      [assertion({}, stranger.keyJson), 'Invalid JWT Signature.'],
      [assertion({ aud: 'https://example.com/token' }), 'Invalid JWT: Failed audience check.'],
      [assertion({ exp: 1 }), expect.stringMatching(/short-lived/)],
    ] as const) {
      const refused = await post('/token', form({ grant_type: grant, assertion: bad }), formHeaders);
      expect(refused).toEqual({
        status: 400,
        body: { error: 'invalid_grant', error_description: description },
      });
    }
  });

  it('STS: exchanges the known subject token for its audience only', async () => {
    const fields = {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      requested_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      audience: AUDIENCE,
      scope: 'https://www.googleapis.com/auth/cloud-platform',
      subject_token: 'CANARY-subject',
    };
    const ok = await post('/v1/token', form(fields), formHeaders);
    expect(ok).toMatchObject({
      status: 200,
      body: { token_type: 'Bearer', issued_token_type: fields.requested_token_type },
    });
    expect(server.issued.at(-1)?.principal).toBe(`federated:${AUDIENCE}`);
    expect((await post('/v1/token', form({ ...fields, subject_token: 'other' }), formHeaders)).status).toBe(
      400,
    );
    expect((await post('/v1/token', form({ ...fields, audience: '//x' }), formHeaders)).body.error).toBe(
      'invalid_target',
    );
  });

  it('IAM Credentials: generateAccessToken for an allowed caller, 401 and 403 otherwise', async () => {
    const grant = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
    const { body } = await post('/token', form({ grant_type: grant, assertion: assertion({}) }), formHeaders);
    const call = (target: string, token: string) =>
      post(
        `/v1/projects/-/serviceAccounts/${target}:generateAccessToken`,
        JSON.stringify({ scope: ['x'], lifetime: '600s' }),
        {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
      );
    const ok = await call(TARGET, String(body.access_token));
    expect(ok.status).toBe(200);
    expect(Date.parse(String(ok.body.expireTime)) - Date.now()).toBeLessThanOrEqual(600_000);
    expect(server.issued.at(-1)).toMatchObject({ token: ok.body.accessToken, principal: TARGET });
    expect((await call(TARGET, 'forged')).status).toBe(401);
    expect((await call('other@x.iam.gserviceaccount.com', String(body.access_token))).body).toMatchObject({
      error: { code: 403, status: 'PERMISSION_DENIED' },
    });
  });

  it('as a proxy, tunnels only to the Google API hosts', async () => {
    const connect = (authority: string) =>
      new Promise<number>((resolve, reject) => {
        const url = new URL(server.url);
        request({ host: url.hostname, port: url.port, method: 'CONNECT', path: authority })
          .on('connect', (response, socket) => {
            socket.destroy();
            resolve(response.statusCode ?? 0);
          })
          .on('error', reject)
          .end();
      });
    expect(await connect('oauth2.googleapis.com:443')).toBe(200);
    expect(await connect('example.com:443')).toBe(403);
    expect(server.tunnels).toEqual(['oauth2.googleapis.com']);
  });

  it('logs requests without secrets', () => {
    expect(JSON.stringify(server.requests)).not.toMatch(/CANARY|ya29|eyJ/);
    expect(server.requests[0]).toMatchObject({ method: 'POST', path: '/token', status: 200 });
  });
});
