import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { helmBinary } from './helm-binary.js';

export interface HelmTemplateOptions {
  /** Release name; defaults to "release". */
  release?: string;
  namespace?: string;
  /** The helm binary; defaults to `helmBinary()`. */
  helm?: string;
  /** Extra arguments, e.g. `['--show-only', 'templates/image-pull-secret/secret.yaml']`. */
  args?: string[];
  timeoutMs?: number;
}

export interface HelmTemplateResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * `helm template` of a local chart with `values` (an object, written as JSON, which YAML reads as is, or
 * YAML text) as the values file. helm checks the values against the chart's `values.schema.json`; a
 * refusal comes back as a non-zero `exitCode` with helm's message in `stderr`.
 */
export async function helmTemplate(
  chartDir: string,
  values: object | string,
  options: HelmTemplateOptions = {},
): Promise<HelmTemplateResult> {
  const helm = options.helm ?? helmBinary();
  // helm keeps config, cache and data under HOME; a throwaway directory leaves the user's alone.
  const home = mkdtempSync(join(tmpdir(), 'pull-secret-helm-'));
  try {
    const valuesFile = join(home, 'values.yaml');
    writeFileSync(valuesFile, typeof values === 'string' ? values : JSON.stringify(values));
    const args = [
      'template',
      options.release ?? 'release',
      chartDir,
      '--values',
      valuesFile,
      ...(options.namespace ? ['--namespace', options.namespace] : []),
      ...(options.args ?? []),
    ];
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: home,
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
    };
    return await new Promise<HelmTemplateResult>((resolve, reject) => {
      const child = spawn(helm, args, {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: options.timeoutMs ?? 60_000,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        if (signal) reject(new Error(`helm template was stopped by ${signal}: ${stderr}`));
        else resolve({ exitCode: code ?? 1, stdout, stderr });
      });
    });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
