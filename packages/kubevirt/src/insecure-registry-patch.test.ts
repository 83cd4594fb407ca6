import { describe, expect, it } from 'vitest';
import { insecureRegistryPatch } from './insecure-registry-patch.js';

describe('insecureRegistryPatch', () => {
  it('prints a merge patch of spec.config.insecureRegistries with host[:port] exactly, keeping the entries given', () => {
    expect(insecureRegistryPatch(['registry.internal:5000'])).toBe(
      `kubectl patch cdi cdi --type merge -p '{"spec":{"config":{"insecureRegistries":["registry.internal:5000"]}}}'`,
    );
    expect(insecureRegistryPatch(['a.example:80', 'b.example', 'a.example:80'])).toContain(
      '"insecureRegistries":["a.example:80","b.example"]',
    );
  });

  it('refuses a URL, a path or anything that would not match', () => {
    for (const bad of ['http://r:5000', 'r:5000/team', "r';rm -rf /", '', 'r:port']) {
      expect(() => insecureRegistryPatch(['ok.example', bad]), bad).toThrow(
        /is not a registry host\[:port\]/,
      );
    }
  });
});
