// check-dist: the committed dist/ must be exactly what the source builds to, because the runner
// executes dist/ as committed. Rebuilds into a temp dir beside it and compares byte for byte, and checks that
// the dist/ in the work tree is the committed one (CI's `npm ci` rebuilds it in place).
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(PACKAGE, 'dist');
const FIX = 'run "npm run build -w @pull-secret/action" and commit actions/pull-secret/dist';

it('dist/ is what the source builds to, byte for byte', async () => {
  // Beside dist/, not in the system temp dir: the source maps name the sources relative to the
  // output folder, and the chunk names hash those maps too.
  const out = await mkdtemp(join(PACKAGE, '.check-dist-'));
  try {
    await run('npx', ['tsup', '--out-dir', out], { cwd: PACKAGE });
    const built = (await readdir(out)).sort();
    expect((await readdir(DIST)).sort(), FIX).toEqual(built);
    for (const file of built) {
      const same = (await readFile(join(out, file))).equals(await readFile(join(DIST, file)));
      expect(same, `${file} differs: ${FIX}`).toBe(true);
    }
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 120_000);

it('dist/ in the work tree is the committed one', async () => {
  const { stdout } = await run('git', ['status', '--porcelain', '--', 'dist'], { cwd: PACKAGE });
  expect(stdout, FIX).toBe('');
});
