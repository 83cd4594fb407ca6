import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { registryRequest } from './registry-request.js';

export interface SeededImage {
  repository: string;
  /** Tag of the OCI image manifest. */
  tag: string;
  /** Tag of the Docker v2 (schema 2) manifest of the same image. */
  dockerTag: string;
  /** Digest of the OCI manifest. */
  digest: string;
  dockerDigest: string;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/**
 * Pushes a one-layer image through the registry API, as `docker push` would: blob uploads (POST then
 * PUT with the digest), then the manifests, which the registry accepts only once their blobs exist.
 */
export async function seedImage(
  baseUrl: string,
  repository: string,
  init: { authorization?: string; ca?: string },
): Promise<SeededImage> {
  const headers: Record<string, string> = init.authorization ? { authorization: init.authorization } : {};
  const ca = init.ca === undefined ? {} : { ca: init.ca };
  // An empty tar archive (two zero blocks), gzipped: a real, if empty, layer.
  const tar = Buffer.alloc(1024);
  const layer = gzipSync(tar);
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: [sha256(tar)] },
    }),
  );

  for (const blob of [layer, config]) {
    const started = await registryRequest(`${baseUrl}/v2/${repository}/blobs/uploads/`, {
      method: 'POST',
      headers,
      ...ca,
    });
    const location = started.headers.location;
    if (started.status !== 202 || typeof location !== 'string') {
      throw new Error(`blob upload to ${repository} answered ${started.status}: ${started.body}`);
    }
    const upload = new URL(location, baseUrl);
    upload.searchParams.set('digest', sha256(blob));
    const done = await registryRequest(upload.href, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: blob,
      ...ca,
    });
    if (done.status !== 201) throw new Error(`blob upload finished with ${done.status}: ${done.body}`);
  }

  const manifest = (mediaType: string, configType: string, layerType: string) =>
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType,
        config: { mediaType: configType, digest: sha256(config), size: config.length },
        layers: [{ mediaType: layerType, digest: sha256(layer), size: layer.length }],
      }),
    );
  const oci = manifest(
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.oci.image.config.v1+json',
    'application/vnd.oci.image.layer.v1.tar+gzip',
  );
  const docker = manifest(
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.container.image.v1+json',
    'application/vnd.docker.image.rootfs.diff.tar.gzip',
  );
  const image: SeededImage = {
    repository,
    tag: 'v1',
    dockerTag: 'v1-docker',
    digest: sha256(oci),
    dockerDigest: sha256(docker),
  };
  for (const [tag, body, type] of [
    [image.tag, oci, 'application/vnd.oci.image.manifest.v1+json'],
    [image.dockerTag, docker, 'application/vnd.docker.distribution.manifest.v2+json'],
  ] as const) {
    const put = await registryRequest(`${baseUrl}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': type },
      body,
      ...ca,
    });
    if (put.status !== 201) throw new Error(`manifest ${tag} was refused with ${put.status}: ${put.body}`);
  }
  return image;
}
