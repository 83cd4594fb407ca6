// `npm test`: lint, typecheck, check the exports of and test every package through nx (cached), then add up the vitest JSON
// reports each package writes to .test-results/vitest.json and print one line: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { globSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const reports = () =>
  workspaces.flatMap((pattern) => globSync(`${pattern}/.test-results/vitest.json`, { cwd: root }));

// Stale reports would be counted again; nx restores the current ones from its cache for cached tasks.
for (const report of reports()) rmSync(join(root, report), { force: true });

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
process.exitCode = nxFailed || failed > 0 ? 1 : 0;
