import { stringify } from 'yaml';

export type ManifestFormat = 'yaml' | 'json';

/**
 * Manifests as kubectl prints them: YAML documents separated by `---`, or JSON with 4-space indent
 * (several objects as a `v1` `List`). Always ends with a newline.
 */
export function formatManifests(manifests: readonly object[], format: ManifestFormat): string {
  if (format === 'json') {
    const body = manifests.length === 1 ? manifests[0] : { apiVersion: 'v1', kind: 'List', items: manifests };
    return `${JSON.stringify(body, null, 4)}\n`;
  }
  // lineWidth 0: never fold, so base64 and long annotations stay on one line. YAML 1.1 quoting, because
  // kubectl reads YAML 1.1: a namespace called `no` or `on` must not turn into a boolean there.
  return manifests.map((manifest) => stringify(manifest, { lineWidth: 0, version: '1.1' })).join('---\n');
}
