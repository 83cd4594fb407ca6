// verifyImageAccess picks credentials as kubelet does, against the real registry (token auth): a
// path-scoped key for another repository must not be the one tried, and every match is tried in order.
import { findDockerRegistry, startTestRegistry, type TestRegistry } from '@pull-secret/test-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyImageAccess } from '../src/verify-image-access.js';

// Skipped without docker-registry: tools/test-summary counts them by this tag.
const NEEDS = { tags: ['needs-docker-registry'] };

describe.skipIf(!findDockerRegistry())('verifyImageAccess against docker-registry', NEEDS, () => {
  let registry: TestRegistry;
  beforeAll(async () => {
    registry = await startTestRegistry({ mode: 'token' });
  });
  afterAll(async () => {
    await registry?.stop();
  });

  it('uses the key scoped to the image path, not the first key for the host', async () => {
    const credentials = [
      { registry: `${registry.host}/other`, ...registry.noPull },
      { registry: `${registry.host}/team`, ...registry.puller },
    ];
    const result = await verifyImageAccess(`${registry.host}/team/app:v1`, credentials, {
      ca: registry.caPem!,
      env: {},
    });
    expect(result).toMatchObject({ ok: true, result: 'ok', scheme: 'bearer' });
  });

  it('tries every credential kubelet would, in order, and returns the first that works', async () => {
    // Both keys match team/app; the longer (more specific) one is tried first and is denied.
    const credentials = [
      { registry: registry.host, ...registry.puller },
      { registry: `${registry.host}/team/app`, ...registry.noPull },
    ];
    const result = await verifyImageAccess(`${registry.host}/team/app:v1`, credentials, {
      ca: registry.caPem!,
      env: {},
    });
    expect(result.ok).toBe(true);
    const denied = await verifyImageAccess(`${registry.host}/team/app:v1`, [credentials[1]!], {
      ca: registry.caPem!,
      env: {},
    });
    expect(denied.result).toBe('denied');
  });

  it("asks the image's registry when the key is a glob, as kubelet would use it", async () => {
    const [ip, port] = registry.host.split(':');
    const glob = `${ip!.split('.').slice(0, 3).join('.')}.*:${port}`;
    const result = await verifyImageAccess(
      `${registry.host}/team/app:v1`,
      [{ registry: glob, ...registry.puller }],
      {
        ca: registry.caPem!,
        env: {},
      },
    );
    expect(result).toMatchObject({ ok: true, result: 'ok' });
  });

  it('refuses an image no credential applies to, naming it', async () => {
    await expect(
      verifyImageAccess('quay.io/team/app:v1', [{ registry: registry.host, ...registry.puller }]),
    ).rejects.toThrow(
      expect.objectContaining({
        code: 'VERIFY_IMAGE_UNMATCHED',
        message: 'No registry in the Secret serves quay.io/team/app:v1.',
      }),
    );
  });
});
