import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built command, as a process: `npm run build` (nx runs it before test) makes dist/cli.js.

const BIN = fileURLToPath(new URL('../bin/kube-test-server.js', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('\n')) resolve(output.slice(0, output.indexOf('\n')));
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening`)));
  });
}

describe('kube-test-server command', () => {
  it('writes the kubeconfig, prints where it listens, serves, and stops on SIGTERM', async () => {
    const kubeconfig = join(await mkdtemp(join(tmpdir(), 'kube-test-cli-')), 'config');
    const child = spawn(process.execPath, [BIN, '--kubeconfig', kubeconfig, '--namespaces', '2'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const line = await firstLine(child);
    expect(line).toMatch(
      /^kube-test-server listening on https:\/\/127\.0\.0\.1:\d+ \(kubeconfig .*config\)$/,
    );
    expect((await stat(kubeconfig)).mode & 0o777).toBe(0o600);
    const text = await readFile(kubeconfig, 'utf8');
    const url = /server: "([^"]+)"/.exec(text)?.[1];
    expect(line).toContain(url);
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('prints help', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: kube-test-server --kubeconfig FILE/);
  });

  it('refuses bad flags with one line and a hint, exit code 2', async () => {
    const result = await run(['--kubeconfig', 'x', '--fault-rate', 'lots']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'error: --fault-rate must be a number from 0 to 1, not "lots".\nhint: Run "kube-test-server --help" for the flags.\n',
    });
    expect((await run([])).code).toBe(2);
  });
});
