import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registryRequest } from './registry-request.js';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from './test-registry.js';

const basic = (user: { username: string; password: string }) =>
  `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;

const INSTALLED = Boolean(findDockerRegistry());

// In CI the registry must be there: .ci/run installs it, so a missing binary is a broken set-up.
it.runIf(Boolean(process.env.CI))('has docker-registry installed in CI', () => {
  expect(INSTALLED, 'docker-registry is missing; .ci/run should have installed it').toBe(true);
});

describe.skipIf(!INSTALLED)('test registry', { tags: ['needs-docker-registry'] }, () => {
  let htpasswd: TestRegistry;
  let token: TestRegistry;
  let plain: TestRegistry;
  beforeAll(async () => {
    [htpasswd, token, plain] = await Promise.all([
      startTestRegistry({ mode: 'htpasswd' }),
      startTestRegistry({ mode: 'token' }),
      startTestRegistry({ mode: 'plain' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([htpasswd?.stop(), token?.stop(), plain?.stop()]);
  });

  it('serves the seeded manifests with Basic auth over TLS, and refuses without it', async () => {
    const url = `${htpasswd.url}/v2/team/app/manifests/${htpasswd.image.tag}`;
    const accept = { accept: 'application/vnd.oci.image.manifest.v1+json' };
    const anonymous = await registryRequest(url, { method: 'HEAD', headers: accept, ca: htpasswd.caPem! });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['www-authenticate']).toMatch(/^Basic realm=/);
    const ok = await registryRequest(url, {
      method: 'HEAD',
      headers: { ...accept, authorization: basic(htpasswd.puller) },
      ca: htpasswd.caPem!,
    });
    expect(ok.status).toBe(200);
    expect(ok.headers['docker-content-digest']).toBe(htpasswd.image.digest);
  });

  it('verifies the issuer’s tokens and enforces their grants', async () => {
    const challenge = await registryRequest(`${token.url}/v2/`, { ca: token.caPem! });
    expect(challenge.status).toBe(401);
    expect(challenge.headers['www-authenticate']).toContain('Bearer realm=');
    const tokenFor = async (user: { username: string; password: string }) => {
      const realm = /realm="([^"]+)"/.exec(String(challenge.headers['www-authenticate']))![1]!;
      const answer = await registryRequest(`${realm}?service=test-registry&scope=repository:team/app:pull`, {
        headers: { authorization: basic(user) },
        ca: token.caPem!,
      });
      expect(answer.status).toBe(200);
      return JSON.parse(answer.body.toString('utf8')).token as string;
    };
    const head = (bearer: string) =>
      registryRequest(`${token.url}/v2/team/app/manifests/${token.image.dockerTag}`, {
        method: 'HEAD',
        headers: {
          authorization: `Bearer ${bearer}`,
          accept: 'application/vnd.docker.distribution.manifest.v2+json',
        },
        ca: token.caPem!,
      });
    const granted = await head(await tokenFor(token.puller));
    expect(granted.status, token.logs()).toBe(200);
    expect(granted.headers['docker-content-digest']).toBe(token.image.dockerDigest);
    const empty = await head(await tokenFor(token.noPull));
    expect(empty.status).toBe(401);
    expect(empty.headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  it('serves plain HTTP without auth', async () => {
    const res = await registryRequest(`${plain.url}/v2/team/app/manifests/${plain.image.tag}`, {
      method: 'HEAD',
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(res.status).toBe(200);
  });
});
