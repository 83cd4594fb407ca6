import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** One `$ command` in a ```console block and the output the doc shows for it. */
export interface ConsoleExample {
  file: string;
  line: number;
  command: string;
  expected: string;
}

/**
 * The examples of a Markdown file: in each ```console block, a line starting with `$ ` is a command
 * (continued on the next line when it ends with `\`), and the lines up to the next command are its
 * combined stdout and stderr.
 */
export function consoleExamples(file: string): ConsoleExample[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const examples: ConsoleExample[] = [];
  let inBlock = false;
  let current: ConsoleExample | undefined;
  let output: string[] = [];
  const finish = () => {
    if (current) examples.push({ ...current, expected: output.join('\n') });
    current = undefined;
    output = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!inBlock) {
      inBlock = line.trim() === '```console';
      continue;
    }
    if (line.trim() === '```') {
      finish();
      inBlock = false;
      continue;
    }
    if (line.startsWith('$ ')) {
      finish();
      let command = line.slice(2);
      const start = i + 1;
      while (command.endsWith('\\') && i + 1 < lines.length) command = `${command}\n${lines[++i]}`;
      current = { file, line: start, command, expected: '' };
    } else if (current) {
      output.push(line);
    }
  }
  return examples;
}

/**
 * A scratch directory where `pull-secret` on PATH is this checkout's build and `$TOKEN` is set, as the
 * README's main command expects. Commands in one file share it, in order.
 */
export function exampleShell(): (command: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'pull-secret-docs-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  const shim = join(bin, 'pull-secret');
  writeFileSync(
    shim,
    `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, 'packages/cli/bin/pull-secret.js')}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const env = {
    PATH: `${bin}:${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`,
    HOME: dir,
    TOKEN: 'ghp_exampleToken123',
    LANG: 'C.UTF-8',
  };
  return (command) => {
    try {
      return execFileSync('bash', ['-c', `${command} 2>&1`], { cwd: dir, env, encoding: 'utf8' }).replace(
        /\n$/,
        '',
      );
    } catch (error) {
      const { stdout, status } = error as { stdout: string; status: number };
      return `${stdout.replace(/\n$/, '')}\n[exit ${status}]`.replace(/^\n/, '');
    }
  };
}

export const DOCUMENTED_FILES = ['README.md', 'docs/cli.md', 'docs/how-kubelet-picks-credentials.md'];
