// Hostile input files: each is bad input (exit 2, one error line and a hint, nothing on stdout), never an
// "Unexpected error", and an oversized one is refused before it is read.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, spawnCli } from './run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function expectBadInput(run: { code: number; stdout: string; stderr: string }, message: RegExp): void {
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/Unexpected error|\n\s+at /);
  expect(run.stderr.trim().split('\n')).toHaveLength(2);
  expect(run.code).toBe(2);
}

describe('hostile input files', () => {
  it('refuses a YAML alias bomb', async () => {
    const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 12; i++)
      lines.push(
        `a${i}: &a${i} [${Array(10)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const bomb = file('bomb.yaml', `${lines.join('\n')}\nkind: Secret\n`);
    for (const command of ['decode', 'explain']) {
      const args = command === 'explain' ? ['explain', 'ghcr.io/a/b', '-f', bomb] : ['decode', '-f', bomb];
      expectBadInput(await spawnCli(args), /error: .*bomb\.yaml expands YAML aliases/);
    }
  });

  it('refuses JSON nested 100,000 deep, as a manifest and as a Docker config', async () => {
    const deep = file('deep.json', `{"auths":{"ghcr.io":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`);
    expectBadInput(await spawnCli(['decode', '-f', deep]), /error: .*deep\.json nests .* 100 levels/);
    expectBadInput(
      await spawnCli(['create', 's', '--from-docker-config', deep]),
      /error: .*nests .* 100 levels/,
    );
  });

  it('refuses a manifest over 8 MiB from its size, without reading it', async () => {
    // A sparse 4 GiB file: reading it would take seconds and gigabytes; refusing from its size takes neither.
    const huge = join(dir, 'huge.yaml');
    const fd = openSync(huge, 'w');
    closeSync(fd);
    spawnSync('truncate', ['-s', '4G', huge]);
    const started = Date.now();
    expectBadInput(
      await spawnCli(['decode', '-f', huge]),
      /error: The file ".*huge\.yaml" given to -f is larger than 8 MiB\./,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a Docker config over 1 MiB and a password over 1 MiB on standard input', async () => {
    const config = file('big.json', `{"auths":{},"x":"${'a'.repeat(1024 * 1024)}"}`);
    expectBadInput(
      await spawnCli(['create', 's', '--from-docker-config', config]),
      /error: The file ".*big\.json" given to --from-docker-config is larger than 1 MiB\./,
    );
    expectBadInput(
      await spawnCli(['create', 's', '--server', 'ghcr.io', '--username', 'me', '--password-stdin'], {
        stdin: 'p'.repeat(1024 * 1024 + 1),
      }),
      /error: Standard input \(read for --password-stdin\) is larger than 1 MiB\./,
    );
  });

  it('reads a manifest of exactly 8 MiB (the limit is inclusive)', () => {
    const secret =
      '{"apiVersion":"v1","kind":"Secret","type":"kubernetes.io/dockerconfigjson","metadata":{"name":"s"},"data":{".dockerconfigjson":"eyJhdXRocyI6e319"}}';
    const padded = file('limit.json', secret + ' '.repeat(8 * 1024 * 1024 - secret.length));
    const run = spawnSync(process.execPath, [BIN, 'decode', '-f', padded], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
