import { describe, expect, it } from 'vitest';
import { parseRegistrySourceUrl } from './registry-source-url.js';

describe('parseRegistrySourceUrl', () => {
  it('reads docker:// and oci-archive:// URLs, and one without a scheme', () => {
    expect(parseRegistrySourceUrl('docker://registry:5000/kubevirt/alpine:devel')).toEqual({
      scheme: 'docker',
      image: 'registry:5000/kubevirt/alpine:devel',
    });
    expect(parseRegistrySourceUrl('DOCKER://quay.io/a/b')).toMatchObject({ scheme: 'docker' });
    expect(parseRegistrySourceUrl('oci-archive://quay.io/a/b')).toMatchObject({ scheme: 'oci-archive' });
    expect(parseRegistrySourceUrl('kubevirt/fedora')).toEqual({
      scheme: undefined,
      image: 'kubevirt/fedora',
    });
  });

  it('refuses other schemes and what is no image reference', () => {
    expect(() => parseRegistrySourceUrl('http://quay.io/a')).toThrow(/scheme http:\/\//);
    for (const url of ['docker://', 'docker://Quay.io/A B', 'docker://host:port/x']) {
      expect(() => parseRegistrySourceUrl(url), url).toThrow(/is not a registry URL/);
    }
  });
});
