// The usage lines `--help` prints and the synopses in docs/ say the same thing (issue 11, item 18).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

function docsSynopsis(page: string): string {
  const text = readFileSync(new URL(`../../../docs/${page}`, import.meta.url), 'utf8');
  return /```\n(pull-secret [\s\S]*?)```/.exec(text)?.[1] ?? '';
}

async function helpUsage(command: string): Promise<string> {
  const run = await runCli([command, '--help']);
  expect(run.code).toBe(0);
  return run.stdout.split('\n').find((line) => line.trim().startsWith(`pull-secret ${command}`)) ?? '';
}

const outputValues = (text: string) => /\[-o ([a-z|]+)\]/.exec(text)?.[1];

describe('usage lines and docs synopses', () => {
  it.each([
    ['apply', 'apply.md'],
    ['status', 'status.md'],
    ['refresh', 'refresh.md'],
  ])('%s: the same -o values in --help and docs/%s', async (command, page) => {
    const usage = await helpUsage(command);
    expect(outputValues(usage)).toBeDefined();
    expect(outputValues(docsSynopsis(page))).toBe(outputValues(usage));
  });

  it.each(['apply', 'status', 'refresh'])(
    '%s --help names --kubeconfig and --context in its usage line',
    async (command) => {
      const usage = await helpUsage(command);
      expect(usage).toContain('[--kubeconfig FILE]');
      expect(usage).toContain('[--context NAME]');
    },
  );
});

describe('certificates HOST', () => {
  it.each(['bad host', 'bad host:5000', 'host:99999'])(
    'refuses %j as bad input (exit 2), with no connection',
    async (host) => {
      const run = await runCli(['certificates', host]);
      expect(run).toMatchObject({ code: 2, stdout: '' });
      expect(run.stderr).toMatch(/^error: "[^"]+" is not a registry: .*\nhint: /);
    },
  );
});
