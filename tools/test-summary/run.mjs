// `npm test`: lint, typecheck, check the exports of and test every package through nx (cached), then add up the vitest JSON
// reports each package writes to .test-results/vitest.json and print one line: "N passed, N failed".
// First installs the programs some tests need when it can; after the summary, says which are still
// missing, how many tests each skipped and how to install it.
import { spawnSync } from 'node:child_process';
import { globSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installMissing, missingLines, prerequisites, skippedByTag } from './prerequisites.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const reports = () =>
  workspaces.flatMap((pattern) => globSync(`${pattern}/.test-results/vitest.json`, { cwd: root }));

// Stale reports would be counted again; nx restores the current ones from its cache for cached tasks.
for (const report of reports()) rmSync(join(root, report), { force: true });

const missing = installMissing(root);
const missingNames = new Set(missing.map((p) => p.name));
const present = prerequisites(root)
  .map((p) => p.name)
  .filter((name) => !missingNames.has(name));

const nx = spawnSync(
  'npx',
  [
    'nx',
    'run-many',
    '-t',
    'lint',
    'typecheck',
    'check-exports',
    'test',
    '--output-style=static',
    ...process.argv.slice(2),
  ],
  {
    cwd: root,
    stdio: 'inherit',
    // A test input in nx.json: a cached run that skipped for lack of a program is not reused once it is there.
    env: { ...process.env, PULL_SECRET_TEST_PREREQUISITES: present.join(',') },
  },
);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const report of reports()) {
  const result = JSON.parse(readFileSync(join(root, report), 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
}
const nxFailed = nx.status !== 0;
// A lint or typecheck failure, or a package whose tests crashed before reporting, fails the run too.
if (nxFailed && failed === 0) {
  console.log(
    'A lint, typecheck or test task failed outside the test counts (see above); counted as 1 failure.',
  );
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
for (const line of missingLines(missing, skippedByTag(reports().map((report) => join(root, report))))) {
  console.log(line);
}
process.exitCode = nxFailed || failed > 0 ? 1 : 0;
