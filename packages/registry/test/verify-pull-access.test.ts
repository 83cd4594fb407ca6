import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRegistryCertificates } from '../src/registry-certificates.js';
import {
  type VerifyPullAccessInit,
  type VerifyPullAccessResult,
  verifyPullAccess,
} from '../src/verify-pull-access.js';
import { startConnectProxy, startRedirectingFront, startSilentServer } from './servers.js';

const INSTALLED = Boolean(findDockerRegistry());
const NO_PROXY_ENV = {};

// In CI the registry must be there: .ci/run installs it, so a missing binary is a broken set-up.
it.runIf(Boolean(process.env.CI))('has docker-registry installed in CI', () => {
  expect(INSTALLED, 'docker-registry is missing; .ci/run should have installed it').toBe(true);
});

// Skipped without docker-registry: tools/test-summary counts them by this tag.
const NEEDS = { tags: ['needs-docker-registry'] };

describe.skipIf(!INSTALLED)('verifyPullAccess against docker-registry (distribution 2.8)', NEEDS, () => {
  let htpasswd: TestRegistry;
  let token: TestRegistry;
  let plain: TestRegistry;
  const results: VerifyPullAccessResult[] = [];
  const passwords = () => [htpasswd, token, plain].flatMap((r) => [r.puller.password, r.noPull.password]);

  const verify = async (init: VerifyPullAccessInit) => {
    const result = await verifyPullAccess({ env: NO_PROXY_ENV, ...init });
    results.push(result);
    return result;
  };
  const as = (registry: TestRegistry, user = registry.puller) => ({
    registry: registry.host,
    username: user.username,
    password: user.password,
    ...(registry.caPem ? { ca: registry.caPem } : {}),
  });

  beforeAll(async () => {
    [htpasswd, token, plain] = await Promise.all([
      startTestRegistry({ mode: 'htpasswd' }),
      startTestRegistry({ mode: 'token', tokenExpiresInSeconds: 300 }),
      startTestRegistry({ mode: 'plain' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([htpasswd?.stop(), token?.stop(), plain?.stop()]);
    // Whatever the outcome, no result carries a password.
    const text = JSON.stringify(results);
    for (const password of passwords()) expect(text).not.toContain(password);
  });

  describe('Basic (htpasswd, TLS with a private CA)', () => {
    it('ok: the OCI manifest, with its digest', async () => {
      const result = await verify({ ...as(htpasswd), repository: 'team/app', reference: 'v1' });
      expect(result).toMatchObject({
        ok: true,
        result: 'ok',
        scheme: 'basic',
        repository: 'team/app',
        reference: 'v1',
        digest: htpasswd.image.digest,
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
      });
    });

    it('ok: the Docker v2 manifest, by digest, the image given with its registry', async () => {
      const result = await verify({
        ...as(htpasswd),
        repository: `${htpasswd.host}/team/app@${htpasswd.image.dockerDigest}`,
      });
      expect(result).toMatchObject({
        result: 'ok',
        reference: htpasswd.image.dockerDigest,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      });
    });

    it('ok: login only, without a repository', async () => {
      const result = await verify(as(htpasswd));
      expect(result).toMatchObject({ result: 'ok', scheme: 'basic' });
      expect(result.message).toContain('give a repository');
    });

    it('unauthorized: a wrong password', async () => {
      const result = await verify({
        ...as(htpasswd),
        password: 'CANARY-wrong-password',
        repository: 'team/app:v1',
      });
      expect(result).toMatchObject({ ok: false, result: 'unauthorized', scheme: 'basic', status: 401 });
      expect(JSON.stringify(result)).not.toContain('CANARY-wrong-password');
    });

    it('not-found: a tag that is not there, and a repository that is not there', async () => {
      expect(await verify({ ...as(htpasswd), repository: 'team/app:missing' })).toMatchObject({
        result: 'not-found',
        status: 404,
      });
      expect(await verify({ ...as(htpasswd), repository: 'team/nothing' })).toMatchObject({
        result: 'not-found',
      });
    });

    it('tls: the private CA not given; insecureSkipTLSVerify gets through', async () => {
      const { ca: _ca, ...withoutCa } = as(htpasswd);
      const result = await verify({ ...withoutCa, repository: 'team/app:v1' });
      expect(result).toMatchObject({ result: 'tls', ok: false });
      expect(result.hint).toContain('certConfigMap');
      expect(
        await verify({ ...withoutCa, repository: 'team/app:v1', insecureSkipTLSVerify: true }),
      ).toMatchObject({ result: 'ok' });
    });

    it('fetchRegistryCertificates returns the chain the registry presents, which then verifies', async () => {
      const pem = await fetchRegistryCertificates(htpasswd.host);
      expect(pem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
      expect(pem).toContain(htpasswd.caPem!.trim().split('\n')[1]);
      const { ca: _ca, ...withoutCa } = as(htpasswd);
      expect(await verify({ ...withoutCa, ca: pem, repository: 'team/app:v1' })).toMatchObject({
        result: 'ok',
      });
    });
  });

  describe('Bearer (token auth with a test issuer)', () => {
    it('ok: a token scoped to pull team/app, its lifetime reported', async () => {
      token.tokenRequests.length = 0;
      const result = await verify({ ...as(token), repository: 'team/app', reference: token.image.dockerTag });
      expect(result).toMatchObject({
        result: 'ok',
        scheme: 'bearer',
        tokenExpiresInSeconds: 300,
        digest: token.image.dockerDigest,
      });
      expect(token.tokenRequests).toEqual([
        { service: 'test-registry', scopes: ['repository:team/app:pull'], username: 'puller' },
      ]);
    });

    it('denied: an empty grant (the token server said 200) is not proof', async () => {
      const result = await verify({ ...as(token, token.noPull), repository: 'team/app:v1' });
      expect(result).toMatchObject({ result: 'denied', scheme: 'bearer', status: 401 });
      expect(result.message).toContain('insufficient_scope');
    });

    it('denied: a repository the user has no grant on', async () => {
      expect(await verify({ ...as(token), repository: 'team/other:v1' })).toMatchObject({ result: 'denied' });
    });

    it('unauthorized: the token server refuses the password', async () => {
      expect(
        await verify({ ...as(token), password: 'CANARY-wrong-token', repository: 'team/app:v1' }),
      ).toMatchObject({ result: 'unauthorized', scheme: 'bearer' });
    });

    it('not-found: a tag that is not there, with pull on the repository', async () => {
      expect(await verify({ ...as(token), repository: 'team/app:missing' })).toMatchObject({
        result: 'not-found',
      });
    });

    it('ok: login only, a token without scope opens /v2/', async () => {
      expect(await verify(as(token))).toMatchObject({ result: 'ok', scheme: 'bearer' });
    });

    it('accepts a token server that answers access_token only', async () => {
      const oauth = await startTestRegistry({ mode: 'token', tokenField: 'access_token' });
      try {
        expect(await verify({ ...as(oauth), repository: 'team/app:v1' })).toMatchObject({ result: 'ok' });
      } finally {
        await oauth.stop();
      }
    });
  });

  describe('plain HTTP and failures', () => {
    it('ok: a registry that needs no credentials says so', async () => {
      const result = await verify({ ...as(plain), registry: plain.url, repository: 'team/app:v1' });
      expect(result).toMatchObject({ result: 'ok', scheme: 'none', endpoint: plain.url });
    });

    it('protocol: a server that is not a registry API (the registry’s debug listener)', async () => {
      const result = await verify({
        ...as(plain),
        registry: `http://${plain.debugHost}`,
        repository: 'team/app',
      });
      expect(result).toMatchObject({ result: 'protocol', status: 404 });
    });

    it('protocol: HTTPS to a plain-HTTP registry', async () => {
      const result = await verify({ ...as(plain), registry: plain.host, repository: 'team/app' });
      expect(result.result).toBe('protocol');
      expect(result.hint).toContain('http://');
    });

    it('unreachable: nothing listens', async () => {
      const silent = await startSilentServer();
      await silent.close();
      const result = await verify({ ...as(plain), registry: `127.0.0.1:${silent.port}` });
      expect(result).toMatchObject({ result: 'unreachable' });
      expect(result.message).toContain('ECONNREFUSED');
    });

    it('unreachable: a server that never answers, within the timeout', async () => {
      const silent = await startSilentServer();
      try {
        const started = Date.now();
        const result = await verify({
          ...as(plain),
          registry: `http://127.0.0.1:${silent.port}`,
          timeoutMs: 300,
        });
        expect(result).toMatchObject({ result: 'unreachable' });
        expect(result.message).toContain('300 ms');
        expect(Date.now() - started).toBeLessThan(3000);
      } finally {
        await silent.close();
      }
    });

    it('rethrows the caller’s abort', async () => {
      const controller = new AbortController();
      controller.abort(new Error('stopped by caller'));
      await expect(verify({ ...as(htpasswd), signal: controller.signal })).rejects.toThrow(
        'stopped by caller',
      );
    });
  });

  describe('network path', () => {
    it('goes through HTTPS_PROXY with CONNECT, and not for NO_PROXY hosts', async () => {
      const proxy = await startConnectProxy();
      try {
        const env = { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` };
        expect(await verify({ ...as(htpasswd), repository: 'team/app:v1', env })).toMatchObject({
          result: 'ok',
        });
        expect(proxy.tunnels.length).toBeGreaterThan(0);
        expect(new Set(proxy.tunnels)).toEqual(new Set([htpasswd.host]));

        proxy.tunnels.length = 0;
        const bypass = await verify({
          ...as(htpasswd),
          repository: 'team/app:v1',
          env: { ...env, no_proxy: '127.0.0.1' },
        });
        expect(bypass.result).toBe('ok');
        expect(proxy.tunnels).toEqual([]);
      } finally {
        await proxy.close();
      }
    });

    it('keeps Authorization on a same-origin redirect and drops it on a redirect to another host', async () => {
      // localhost is another origin than 127.0.0.1: the real registry there would accept these
      // credentials only if they were sent.
      const elsewhere = `https://localhost:${htpasswd.host.split(':')[1]}/v2/team/app/manifests/v1`;
      const front = await startRedirectingFront(htpasswd.puller, elsewhere);
      try {
        const registry = `http://127.0.0.1:${front.port}`;
        const init = { ...as(htpasswd), registry };
        expect(await verify({ ...init, repository: 'team/app:alias' })).toMatchObject({ result: 'ok' });
        const crossed = await verify({ ...init, repository: 'team/app:elsewhere' });
        expect(crossed.result).toBe('denied');
        expect(crossed.status).toBe(401);
        // Control: the same request with the header reaches the registry fine.
        expect(
          await verify({
            ...as(htpasswd),
            registry: `localhost:${htpasswd.host.split(':')[1]}`,
            repository: 'team/app:v1',
          }),
        ).toMatchObject({ result: 'ok' });
        // The same-origin hop of the alias redirect carried the credentials.
        expect(front.seen).toContainEqual({ url: '/v2/team/app/manifests/v1', authorized: true });
      } finally {
        await front.close();
      }
    });
  });
});
