import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ACTION_ENTRY = fileURLToPath(new URL('../dist/index.js', import.meta.url));

export interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  /** What the Action wrote to GITHUB_OUTPUT, parsed. */
  outputs: Record<string, string>;
  /** The raw GITHUB_OUTPUT file, for leak checks. */
  outputFile: string;
  /** What it appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** RUNNER_TEMP of this run; removed by `cleanup`. */
  runnerTemp: string;
  cleanup(): Promise<void>;
}

/**
 * Runs the committed bundle as the runner does: `node dist/index.js` with each input as
 * `INPUT_<NAME>` (upper-cased, spaces to underscores, hyphens kept), `GITHUB_OUTPUT`,
 * `GITHUB_STEP_SUMMARY`, `RUNNER_TEMP` and `GITHUB_ACTIONS=true`, and nothing else of this process's
 * environment but PATH and what `env` adds.
 */
export async function runAction(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<ActionRun> {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'pull-secret-action-'));
  const outputPath = join(runnerTemp, 'github_output');
  const summaryPath = join(runnerTemp, 'step_summary');
  await writeFile(outputPath, '');
  await writeFile(summaryPath, '');
  // As the runner does: every input action.yml gives a default is set, given or not.
  const withDefaults = { ...(await actionYmlDefaults()), ...inputs };
  const inputEnv = Object.fromEntries(
    Object.entries(withDefaults).map(([name, value]) => [
      `INPUT_${name.replace(/ /g, '_').toUpperCase()}`,
      value,
    ]),
  );
  const child = spawn(process.execPath, [ACTION_ENTRY], {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: runnerTemp,
      GITHUB_ACTIONS: 'true',
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      RUNNER_TEMP: runnerTemp,
      ...inputEnv,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const code = await new Promise<number>((resolve) => child.on('close', (status) => resolve(status ?? -1)));
  const outputFile = await readFile(outputPath, 'utf8');
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(outputFile),
    outputFile,
    summary: await readFile(summaryPath, 'utf8'),
    runnerTemp,
    cleanup: () => rm(runnerTemp, { recursive: true, force: true }),
  };
}

/** The `default:` of each input in the repository's action.yml. */
async function actionYmlDefaults(): Promise<Record<string, string>> {
  const action = parse(await readFile(new URL('../../../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { default?: string }>;
  };
  return Object.fromEntries(
    Object.entries(action.inputs).flatMap(([name, input]) =>
      input.default === undefined ? [] : [[name, String(input.default)]],
    ),
  );
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<DELIMITER`, the value's lines, `DELIMITER`. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!);
    if (!match) continue;
    const end = lines.indexOf(match[2]!, i + 1);
    outputs[match[1]!] = lines.slice(i + 1, end).join('\n');
    i = end;
  }
  return outputs;
}

/**
 * Fails unless none of `forms` appears in `text` outside `::add-mask::` lines, naming where without
 * quoting the text (that would print the secret).
 */
export function expectMaskedOnly(text: string, forms: readonly string[], where: string): string | undefined {
  const lines = text.split('\n').filter((line) => !line.startsWith('::add-mask::'));
  for (const [index, form] of forms.entries()) {
    if (lines.some((line) => line.includes(form))) return `secret form #${index} found in ${where}`;
  }
  return undefined;
}
