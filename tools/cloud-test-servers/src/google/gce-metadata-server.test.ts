import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GceMetadataServer, startGceMetadataServer } from './gce-metadata-server.js';

let metadata: GceMetadataServer;
beforeAll(async () => {
  metadata = await startGceMetadataServer({
    serviceAccount: 'puller@proj.iam.gserviceaccount.com',
    projectId: 'proj',
    tokenPrefix: 'CANARY-gke-',
  });
});
afterAll(() => metadata?.close());

const get = (path: string, flavor = true) =>
  fetch(`http://${metadata.host}/computeMetadata/v1/${path}`, {
    headers: flavor ? { 'Metadata-Flavor': 'Google' } : {},
  });

describe('startGceMetadataServer', () => {
  it('refuses a request without Metadata-Flavor: Google, as the real server does', async () => {
    const response = await get('instance/service-accounts/default/token', false);
    expect(response.status).toBe(403);
    expect(metadata.issued).toEqual([]);
  });

  it("answers the probe, the project and the default service account's email and token", async () => {
    const probe = await get('instance');
    expect(probe.status).toBe(200);
    expect(probe.headers.get('metadata-flavor')).toBe('Google');
    expect(await (await get('project/project-id')).text()).toBe('proj');
    expect(await (await get('instance/service-accounts/default/email')).text()).toBe(
      'puller@proj.iam.gserviceaccount.com',
    );
    const token = await get('instance/service-accounts/default/token?scopes=a,b');
    expect(await token.json()).toEqual({
      access_token: metadata.issued[0],
      expires_in: 3599,
      token_type: 'Bearer',
    });
    expect(metadata.issued[0]).toMatch(/^CANARY-gke-/);
    expect(metadata.requests.at(-1)).toEqual({
      path: '/computeMetadata/v1/instance/service-accounts/default/token',
      scopes: 'a,b',
      status: 200,
    });
    expect((await get('instance/service-accounts/other@x/token')).status).toBe(404);
  });
});
