import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VerifyPushAccessResult, verifyPushAccess } from '../src/verify-push-access.js';

const INSTALLED = Boolean(findDockerRegistry());
const NEEDS = { tags: ['needs-docker-registry'] };

/** Every file and directory under the registry's storage, relative to it. */
async function storage(registry: TestRegistry): Promise<string[]> {
  const entries = await readdir(registry.storageDir, { recursive: true, withFileTypes: true });
  return entries.map((entry) => relative(registry.storageDir, join(entry.parentPath, entry.name))).sort();
}

/**
 * What a push leaves: blobs, layer and manifest links, and an upload's data and start time.
 * distribution 2.8's cancel writes the upload's hash state once more after deleting the upload
 * (blobWriter.Cancel closes the writer again), so `_uploads/UUID/hashstates/…` may reappear: the
 * registry's own stray file, no data, unknown to its API, removed by its upload purger.
 */
const leftovers = (paths: string[]) =>
  paths.filter(
    (path) =>
      path.startsWith('docker/registry/v2/blobs/') ||
      /\/_(layers|manifests)\//.test(path) ||
      /\/_uploads\/[^/]+\/(data|startedat)$/.test(path),
  );

/** Entries added between two listings that are neither the stray hash state nor a new repository's directories. */
const unexpectedAdditions = (before: string[], after: string[]) =>
  after
    .filter((path) => !before.includes(path))
    .filter((path) => !/\/_uploads\/[^/]+(\/hashstates(\/.*)?)?$/.test(path))
    .filter((path) => !/^docker\/registry\/v2\/repositories\/[^_]*(\/_uploads)?$/.test(path));

describe.skipIf(!INSTALLED)('verifyPushAccess against docker-registry (distribution 2.8)', NEEDS, () => {
  let htpasswd: TestRegistry;
  let token: TestRegistry;
  let plain: TestRegistry;
  const results: VerifyPushAccessResult[] = [];

  const push = async (
    registry: TestRegistry,
    user: { username: string; password: string },
    image = 'team/app',
    ca: string | null | undefined = registry.caPem,
  ) => {
    const result = await verifyPushAccess(
      image,
      { registry: registry.host, ...user },
      { env: {}, ...(ca ? { ca } : {}) },
    );
    results.push(result);
    return result;
  };

  beforeAll(async () => {
    [htpasswd, token, plain] = await Promise.all([
      startTestRegistry({ mode: 'htpasswd' }),
      startTestRegistry({ mode: 'token' }),
      startTestRegistry({ mode: 'plain' }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([htpasswd?.stop(), token?.stop(), plain?.stop()]);
    const text = JSON.stringify(results);
    for (const registry of [htpasswd, token]) {
      for (const user of [registry.puller, registry.noPull, registry.pusher, registry.pushOnly]) {
        expect(text).not.toContain(user.password);
      }
    }
  });

  it('Basic: the pusher may push; the upload is cancelled and nothing is left behind', async () => {
    const before = await storage(htpasswd);
    const result = await push(htpasswd, htpasswd.pusher, 'team/app:v1');
    expect(result).toMatchObject({
      ok: true,
      result: 'ok',
      scheme: 'basic',
      repository: 'team/app',
      uploadCancelled: true,
      message: `The credentials can push to team/app on ${htpasswd.host}.`,
    });
    const after = await storage(htpasswd);
    expect(leftovers(after)).toEqual(leftovers(before));
    expect(unexpectedAdditions(before, after)).toEqual([]);
  });

  it('Basic: a repository that does not exist yet is pushable, and gets no blob', async () => {
    const before = await storage(htpasswd);
    const result = await push(htpasswd, htpasswd.pusher, 'team/new-image');
    expect(result).toMatchObject({ ok: true, repository: 'team/new-image', uploadCancelled: true });
    const after = await storage(htpasswd);
    expect(leftovers(after)).toEqual(leftovers(before));
    expect(unexpectedAdditions(before, after)).toEqual([]);
  });

  it('Basic: a wrong password is refused as such, before any upload', async () => {
    const before = await storage(htpasswd);
    const result = await push(htpasswd, { username: 'pusher', password: 'CANARY-wrong' });
    expect(result).toMatchObject({ ok: false, result: 'unauthorized', status: 401 });
    expect(result.message).toBe('The registry rejected the username or password.');
    expect(result.uploadCancelled).toBeUndefined();
    expect(await storage(htpasswd)).toEqual(before);
  });

  it('Bearer: the pusher gets a pull,push token and may push; the upload is cancelled with a delete token', async () => {
    const before = await storage(token);
    token.tokenRequests.length = 0;
    const result = await push(token, token.pusher, `${token.host}/team/app:v1`);
    expect(result).toMatchObject({
      ok: true,
      scheme: 'bearer',
      repository: 'team/app',
      uploadCancelled: true,
    });
    // distribution takes every DELETE for the `delete` action: the proof's token cannot cancel.
    expect(token.tokenRequests).toEqual([
      { service: 'test-registry', scopes: ['repository:team/app:pull,push'], username: 'pusher' },
      { service: 'test-registry', scopes: ['repository:team/app:delete'], username: 'pusher' },
    ]);
    const after = await storage(token);
    expect(leftovers(after)).toEqual(leftovers(before));
    expect(unexpectedAdditions(before, after)).toEqual([]);
  });

  it('Bearer: a push robot without delete proves push; the upload it cannot cancel is reported, empty', async () => {
    const before = await storage(token);
    const result = await push(token, token.pushOnly);
    expect(result).toMatchObject({ ok: true, result: 'ok', uploadCancelled: false, status: 401 });
    expect(result.hint).toContain('could not be cancelled');
    // What stays is an upload with no data in it; no blob.
    const after = await storage(token);
    expect(after.filter((path) => path.startsWith('docker/registry/v2/blobs/'))).toEqual(
      before.filter((path) => path.startsWith('docker/registry/v2/blobs/')),
    );
  });

  it('Bearer: the puller (pull only) is refused with the reason and a hint, and starts no upload', async () => {
    const before = await storage(token);
    const result = await push(token, token.puller);
    expect(result).toMatchObject({ ok: false, result: 'denied', status: 401, scheme: 'bearer' });
    expect(result.message).toBe(
      'The credentials were accepted, but may not push to team/app (insufficient_scope).',
    );
    expect(result.hint).toContain('push');
    expect(await storage(token)).toEqual(before);
  });

  it('Bearer: an account with an empty grant is refused too', async () => {
    const result = await push(token, token.noPull);
    expect(result).toMatchObject({ ok: false, result: 'denied' });
  });

  it('Bearer: a wrong password is refused by the token server', async () => {
    const result = await push(token, { username: 'pusher', password: 'CANARY-wrong' });
    expect(result).toMatchObject({ ok: false, result: 'unauthorized', status: 401 });
  });

  it('the registry is taken from the image when the credential names none', async () => {
    const result = await verifyPushAccess(`${htpasswd.host}/team/app`, htpasswd.pusher, {
      env: {},
      ca: htpasswd.caPem!,
    });
    results.push(result);
    expect(result).toMatchObject({ ok: true, registry: htpasswd.host, repository: 'team/app' });
  });

  it('a private CA that is not given: tls, with a hint', async () => {
    const result = await push(htpasswd, htpasswd.pusher, 'team/app', null);
    expect(result).toMatchObject({ ok: false, result: 'tls' });
    expect(result.hint).toContain('{{ca-file}}');
  });

  it('a registry without auth: ok, scheme none', async () => {
    const result = await verifyPushAccess(
      'team/app',
      { registry: `http://${plain.host}`, username: '', password: '' },
      { env: {} },
    );
    expect(result).toMatchObject({ ok: true, scheme: 'none', uploadCancelled: true });
  });
});
