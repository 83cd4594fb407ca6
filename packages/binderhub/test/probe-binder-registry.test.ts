// `check --live`: the requests BinderHub's DockerRegistry makes, against Debian's docker-registry in
// htpasswd and token modes, with the settings derived from values files as the binder pod derives them.
import { type AddressInfo, createServer } from 'node:net';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binderRegistrySettings } from '../src/binder-registry-settings.js';
import { checkBinderHubValues } from '../src/check-binderhub-values.js';
import { mergeValuesFiles } from '../src/merge-values-files.js';
import { imageBasenameAndTag, probeBinderRegistry } from '../src/probe-binder-registry.js';

const READY = Boolean(findDockerRegistry());

it.runIf(Boolean(process.env.CI))('has docker-registry in CI', () => {
  expect(READY).toBe(true);
});

const values = (registry: TestRegistry, user: { username: string; password: string }, extra = '') =>
  `registry:\n  url: ${registry.url}\n  username: ${user.username}\n  password: ${user.password}\nconfig:\n  BinderHub:\n    use_registry: true\n    image_prefix: ${registry.host}/team/r2d-\n${extra}`;

async function probe(registry: TestRegistry, text: string, image?: string) {
  const settings = binderRegistrySettings(mergeValuesFiles([{ name: 'values.yaml', text }]).values);
  return probeBinderRegistry(settings, {
    ca: registry.caPem!,
    env: {},
    timeoutMs: 10_000,
    ...(image === undefined ? {} : { image }),
  });
}

describe('imageBasenameAndTag (BinderHub’s _get_image_basename_and_tag)', () => {
  it.each([
    ['gcr.io/project/r2d-abc:1234', 'project/r2d-abc', '1234'],
    ['binderbot/r2d-abc:1234', 'binderbot/r2d-abc', '1234'],
    ['127.0.0.1:5000/team/app:v1', 'team/app', 'v1'],
    ['127.0.0.1:5000/team/app', 'team/app', 'latest'],
    ['europe-docker.pkg.dev/p/r/r2d-x:9', 'p/r/r2d-x', '9'],
  ])('%s', (name, image, tag) => {
    expect(imageBasenameAndTag(name)).toEqual({ image, tag });
  });
});

describe.skipIf(!READY)(
  'probeBinderRegistry against docker-registry',
  { tags: ['needs-docker-registry'] },
  () => {
    let htpasswd: TestRegistry;
    let token: TestRegistry;
    let strict: TestRegistry;
    beforeAll(async () => {
      [htpasswd, token, strict] = await Promise.all([
        startTestRegistry({ mode: 'htpasswd' }),
        startTestRegistry({ mode: 'token' }),
        startTestRegistry({ mode: 'token', strictService: true }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([htpasswd?.stop(), token?.stop(), strict?.stop()]);
    });

    it('htpasswd: Basic auth on the manifest; a built image is found, a new one is a 404 (build it)', async () => {
      const text = values(htpasswd, htpasswd.pusher);
      expect(checkBinderHubValues([{ name: 'values.yaml', text }])).toEqual([]);
      const found = await probe(htpasswd, text, `${htpasswd.host}/team/app:v1`);
      expect(found).toMatchObject({ outcome: 'found', image: 'team/app', tag: 'v1' });
      expect(found.requests).toEqual([
        { request: `GET ${htpasswd.url}/v2/team/app/manifests/v1`, status: 200 },
      ]);
      const fresh = await probe(htpasswd, text);
      expect(fresh).toMatchObject({
        outcome: 'not-found',
        image: 'team/r2d-pull-secret-check',
        tag: 'latest',
      });
      expect(JSON.stringify([found, fresh])).not.toContain('CANARY');
    });

    it('htpasswd, wrong password: the Basic challenge is one BinderHub cannot follow, so launches fail', async () => {
      const result = await probe(
        htpasswd,
        values(htpasswd, { username: 'pusher', password: 'CANARY-wrong' }),
      );
      expect(result.outcome).toBe('launch-fails');
      expect(result.requests.map((r) => r.status)).toEqual([401]);
      expect(JSON.stringify(result)).not.toContain('CANARY');
    });

    it('token, no token_url: BinderHub follows the Bearer challenge with the registry’s own service, then asks for the manifest with no Accept header', async () => {
      const result = await probe(token, values(token, token.puller), `${token.host}/team/app:v1-docker`);
      expect(token.tokenRequests.at(-1)).toEqual({
        service: 'test-registry',
        scopes: ['repository:team/app:pull'],
        username: 'puller',
      });
      // distribution 2.8 answers a manifest request without Accept 400 for a Docker v2 manifest (it will
      // not make a schema 1 one) and 404 for an OCI one: BinderHub finds neither.
      expect(result).toMatchObject({ outcome: 'rebuilds' });
      expect(result.requests.map((r) => r.status)).toEqual([401, 200, 400, 200]);
      expect(result.message).toContain('with no Accept header');
    });

    it('token, token_url without service=: the token is for container_registry, the registry refuses it (401), every launch rebuilds', async () => {
      const issuer = `https://${token.tokenIssuerHost}/token`;
      const text = values(token, token.puller, `  DockerRegistry:\n    token_url: ${issuer}\n`);
      const result = await probe(token, text, `${token.host}/team/app:v1`);
      expect(result.outcome).toBe('rebuilds');
      expect(result.message).toContain('answered 401');
      expect(result.message).toContain('builds again on every launch');
      expect(token.tokenRequests.at(-1)?.service).toBe('container_registry');
    });

    it('token, token_url with the registry’s service= (Harbor’s form): the first service counts, images are found', async () => {
      const issuer = `https://${token.tokenIssuerHost}/token?service=test-registry`;
      const text = values(token, token.puller, `  DockerRegistry:\n    token_url: ${issuer}\n`);
      const result = await probe(token, text, `${token.host}/team/app:v1`);
      expect(result.outcome).toBe('found');
      expect(result.requests[0]?.request).toContain(
        'service=test-registry&scope=repository%3Ateam%2Fapp%3Apull&service=container_registry',
      );
    });

    it('ACR-style: a token server that takes one service refuses the appended second one (400); without token_url the token is granted', async () => {
      const issuer = `https://${strict.tokenIssuerHost}/token?service=test-registry`;
      const broken = values(strict, strict.puller, `  DockerRegistry:\n    token_url: ${issuer}\n`);
      const result = await probe(strict, broken, `${strict.host}/team/app:v1`);
      expect(result).toMatchObject({ outcome: 'rebuilds' });
      expect(result.requests.map((r) => r.status)).toEqual([400]);
      expect(result.message).toContain('answered 400');
      // Without token_url the token request carries the registry's service once and is granted; what
      // is left is distribution's answer to BinderHub's Accept-less manifest request (see above).
      const fixed = await probe(strict, values(strict, strict.puller), `${strict.host}/team/app:v1-docker`);
      expect(fixed.requests.map((r) => r.status)).toEqual([401, 200, 400, 200]);
      expect(strict.tokenRequests.at(-1)?.service).toBe('test-registry');
    });

    it('BinderHub asks only for OCI manifests: an image pushed with a Docker v2 manifest is never found, every launch rebuilds', async () => {
      const result = await probe(
        htpasswd,
        values(htpasswd, htpasswd.pusher),
        `${htpasswd.host}/team/app:v1-docker`,
      );
      expect(result.outcome).toBe('rebuilds');
      // distribution 2.8 cannot turn a Docker v2 manifest into the OCI one asked for; with every type
      // accepted it answers 200, which is how the probe tells "there, but not for BinderHub" from "absent".
      expect(result.requests.map((r) => r.status)).toEqual([400, 200]);
      expect(result.message).toContain('application/vnd.docker.distribution.manifest.v2+json');
    });

    it('without token_url, an OCI image is never found: BinderHub’s second manifest request sends no Accept header', async () => {
      const result = await probe(token, values(token, token.puller), `${token.host}/team/app:v1`);
      expect(result.outcome).toBe('rebuilds');
      expect(result.requests.map((r) => r.status)).toEqual([401, 200, 404, 200]);
      expect(result.message).toContain('with no Accept header');
    });

    it('a login in token_url is not shown in the requests', async () => {
      const issuer = `https://someone:CANARY-in-url@${token.tokenIssuerHost}/token?service=test-registry`;
      const result = await probe(
        token,
        values(token, token.puller, `  DockerRegistry:\n    token_url: ${issuer}\n`),
      );
      expect(result.requests[0]?.request).toContain('https://***@');
      expect(JSON.stringify(result)).not.toContain('CANARY');
    });

    it('use_registry false or a registry_class of its own: nothing to ask', async () => {
      const off = await probe(
        htpasswd,
        values(htpasswd, htpasswd.pusher).replace('use_registry: true', 'use_registry: false'),
      );
      expect(off).toMatchObject({ outcome: 'not-checked', requests: [] });
      const helper = await probe(
        htpasswd,
        values(htpasswd, htpasswd.pusher).replace(
          'use_registry: true',
          'use_registry: true\n    registry_class: binderhub.registry.ExternalRegistryHelper',
        ),
      );
      expect(helper).toMatchObject({ outcome: 'not-checked', requests: [] });
    });

    it('a registry that does not answer in time: unreachable, within the limit', async () => {
      const silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      try {
        const { port } = silent.address() as AddressInfo;
        const text = values(htpasswd, htpasswd.pusher).replace(htpasswd.url, `https://127.0.0.1:${port}`);
        const settings = binderRegistrySettings(mergeValuesFiles([{ name: 'v', text }]).values);
        const started = Date.now();
        const result = await probeBinderRegistry(settings, { env: {}, timeoutMs: 300 });
        expect(result.outcome).toBe('unreachable');
        expect(result.message).toContain('did not answer within 300 ms');
        expect(Date.now() - started).toBeLessThan(5_000);
      } finally {
        silent.close();
      }
    });
  },
);
