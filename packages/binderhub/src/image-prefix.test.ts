import { describe, expect, it } from 'vitest';
import { resolveImagePrefix } from './image-prefix.js';
import type { RegistryKind } from './registry-kinds.js';

const push = { registry: 'unused', username: 'u', password: 'p' };

describe('resolveImagePrefix', () => {
  it.each([
    ['gcr', 'gcr.io', 'gcr.io/p/binder-', true],
    ['gcr', 'gcr.io', 'gcr.io/binder-', false],
    ['artifact-registry', 'us-docker.pkg.dev', 'us-docker.pkg.dev/p/r/binder-', true],
    ['artifact-registry', 'us-docker.pkg.dev', 'us-docker.pkg.dev/p/binder-', false],
    ['dockerhub', 'index.docker.io', 'octocat/binder-', true],
    ['dockerhub', 'index.docker.io', 'binder-', false],
    ['dockerhub', 'index.docker.io', 'oct/binder-', false],
    ['harbor', 'h.example', 'h.example/proj/binder-', true],
    ['harbor', 'h.example', 'h.example/binder-', false],
    ['quay', 'quay.io', 'quay.io/org/binder-', true],
    ['quay', 'quay.io', 'quay.io/org/sub/binder-', false],
    ['gitlab', 'registry.gitlab.com', 'registry.gitlab.com/g/p/binder-', true],
    ['registry', 'r.example:5000', 'r.example:5000/binder-', true],
    ['registry', 'r.example:5000', 'r.example:5000/Binder-', false],
    ['registry', 'r.example:5000', 'r.example:5000/a//binder-', false],
    [
      'ecr',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/binder-',
      true,
    ],
  ] as [RegistryKind, string, string, boolean][])('%s %s: %s accepted: %s', (kind, host, imagePrefix, ok) => {
    const resolve = () => resolveImagePrefix({ push, imagePrefix }, kind, host);
    if (ok) expect(resolve()).toBe(imagePrefix);
    else expect(resolve).toThrow(/image prefix|namespace/);
  });

  it('composes the parts with the default last level', () => {
    expect(
      resolveImagePrefix({ push, project: 'p', repository: 'r' }, 'artifact-registry', 'us-docker.pkg.dev'),
    ).toBe('us-docker.pkg.dev/p/r/binder-');
    expect(
      resolveImagePrefix({ push, project: 'octocat', prefix: 'b-' }, 'dockerhub', 'index.docker.io'),
    ).toBe('octocat/b-');
  });
});
