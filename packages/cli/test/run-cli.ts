import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { CliIo } from '../src/cli-io.js';
import { main } from '../src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  files?: Record<string, string>;
}

/** Runs the CLI in-process with fake standard streams, files and environment. */
export async function runCli(args: string[], options: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    readStdin: async () => options.stdin ?? '',
    readFile: async (path) => {
      const text = options.files?.[path];
      if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return text;
    },
    env: options.env ?? {},
    stderrIsTTY: false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export const BIN = fileURLToPath(new URL('../bin/pull-secret.js', import.meta.url));

/**
 * Runs the built `pull-secret` as a real process. Its environment is PATH plus `env` (for example
 * KUBECONFIG), never the test runner's own: a developer's ~/.kube/config or KUBECONFIG must not leak in.
 */
export function spawnCli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[] } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...(options.nodeArgs ?? []), BIN, ...args],
      { env: { PATH: process.env.PATH, ...options.env }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(options.stdin ?? '');
  });
}

export function decodeSecretData(manifestJson: string): string {
  const secret = JSON.parse(manifestJson) as { data: Record<string, string> };
  return Buffer.from(secret.data['.dockerconfigjson']!, 'base64').toString('utf8');
}

/** Fails, without quoting the output (it would print the secret), when `text` holds any of `forms`. */
export function expectNoSecret(text: string, forms: readonly string[], where: string): void {
  const found = forms.findIndex((form) => text.includes(form));
  expect(found === -1 ? 'clean' : `secret form #${found} found in ${where}`).toBe('clean');
}
