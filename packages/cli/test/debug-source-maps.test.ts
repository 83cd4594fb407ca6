// --debug traces point into the TypeScript sources through the source maps shipped beside the bundle
// (issue 11, item 16), and only --debug pays for reading them.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { spawnCli } from './run-cli.js';

const FRAME_IN_TS = /\n {4}at .*\/src\/[\w-]+\.ts:\d+:\d+\)?\n/;

describe('--debug stack traces', () => {
  it('ship a source map beside the bundle', () => {
    expect(existsSync(fileURLToPath(new URL('../dist/bin.js.map', import.meta.url)))).toBe(true);
  });

  it('name the .ts file and line an error came from', async () => {
    const run = await spawnCli(['create', 'Reg_Cred', '--username', 'me', '--password-stdin', '--debug']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /\n {4}at validateSecretName \(.*\/packages\/secret\/src\/names\.ts:\d+:\d+\)\n/,
    );
    expect(run.stderr).toMatch(FRAME_IN_TS);
    expect(run.stderr).not.toMatch(/dist\/[\w-]+\.js:\d+/);
  });

  it('are not printed, nor the maps read, without --debug', async () => {
    const run = await spawnCli(['create', 'Reg_Cred', '--username', 'me', '--password-stdin']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n {4}at /);
  });
});
