// The workflows in docs/action.md (and the provider pages) are examples users copy: every step that
// uses the Action must name only inputs action.yml declares, set the required ones, and the
// manifest-mode steps are run for real, with ${{ … }} expressions replaced by test values.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type ActionRun, expectMaskedOnly, runAction } from './run-action.js';

const ROOT = new URL('../../../', import.meta.url);
const PAGES = [
  'README.md',
  'docs/action.md',
  'docs/providers/ecr.md',
  'docs/providers/gcr.md',
  'docs/providers/acr.md',
  'docs/providers/harbor.md',
  'docs/kubevirt.md',
];
const ACTION = /^(org\/pull-secret-action@v1|\.\/)$/;
const CANARY = `CANARY-docs-${randomBytes(6).toString('hex')}`;

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** Each ```yaml block's steps that use the Action: whole workflows, or bare step lists. */
async function actionSteps(page: string): Promise<{ page: string; index: number; step: Step }[]> {
  const markdown = await readFile(new URL(page, ROOT), 'utf8');
  const blocks = [...markdown.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]!);
  const steps: { page: string; index: number; step: Step }[] = [];
  for (const [index, block] of blocks.entries()) {
    // A block may be a fragment of a steps list, indented as in a workflow: parse it as it stands.
    const parsed = parse(block.startsWith('      -') ? block.replace(/^ {6}/gm, '') : block) as unknown;
    const workflow = parsed as { steps?: Step[]; jobs?: Record<string, { steps?: Step[] }> } | null;
    const candidates: Step[] = Array.isArray(parsed)
      ? parsed
      : [
          ...(workflow?.steps ?? []),
          ...Object.values(workflow?.jobs ?? {}).flatMap((job) => job.steps ?? []),
        ];
    for (const step of candidates)
      if (step?.uses && ACTION.test(step.uses)) steps.push({ page, index, step });
  }
  return steps;
}

/** ${{ secrets.X }} and friends, as a test value: the canary for secrets and tokens, plain words otherwise. */
function evaluate(value: unknown): string {
  return String(value).replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expression: string) =>
    /secrets\.|\.token/.test(expression) ? CANARY : expression.replace(/\W+/g, '-'),
  );
}

const runs: ActionRun[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((run) => run.cleanup()));
});

describe('workflows in the docs', async () => {
  const action = parse(await readFile(new URL('action.yml', ROOT), 'utf8'));
  const inputs = action.inputs as Record<string, { required?: boolean }>;
  const steps = (await Promise.all(PAGES.map(actionSteps))).flat();

  it('are there to check', () => {
    expect(steps.length).toBeGreaterThanOrEqual(9);
  });

  it.each(steps.map((entry) => [`${entry.page} block ${entry.index + 1}`, entry] as const))(
    '%s uses only declared inputs and sets the required ones',
    (_, { step }) => {
      const given = Object.keys(step.with ?? {});
      for (const name of given) expect(Object.keys(inputs), name).toContain(name);
      for (const [name, input] of Object.entries(inputs)) {
        // mode: binderhub names no Secret (the chart makes them): secret-name is required in every other mode.
        if (name === 'secret-name' && step.with?.mode === 'binderhub') continue;
        if (input.required) expect(given, name).toContain(name);
      }
    },
  );

  const manifestSteps = steps.filter(({ step }) => step.with?.mode === 'manifest');
  it.each(manifestSteps.map((entry) => [`${entry.page} block ${entry.index + 1}`, entry] as const))(
    '%s runs in manifest mode',
    async (_, { step }) => {
      const withInputs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([name, value]) => [name, evaluate(value)]),
      );
      const run = await runAction(withInputs);
      runs.push(run);
      expect(run.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual([]);
      expect(run.code).toBe(0);
      expect(run.outputs['manifest-path']).toBeTruthy();
      expect(
        expectMaskedOnly(`${run.stdout}${run.stderr}${run.summary}${run.outputFile}`, [CANARY], 'the run'),
      ).toBeUndefined();
    },
  );
});
