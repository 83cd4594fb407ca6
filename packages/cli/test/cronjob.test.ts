import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findHelm, helmTemplate } from '@pull-secret/helm';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { VERSION } from '../src/version.js';
import { CHART_DIR, renderChart, VALUE_SETS } from './chart-render.js';
import { kubeSchemaProblems } from './kube-schema.js';
import { runCli, spawnCli } from './run-cli.js';

type KubeObject = Record<string, unknown> & { kind: string; metadata: { name: string; namespace?: string } };

const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const sorted = (objects: KubeObject[]) => [...objects].sort((a, b) => key(a).localeCompare(key(b)));

async function cronjob(values: object, args: string[] = []) {
  const run = await runCli(['cronjob', '-f', 'values.yaml', ...args], {
    files: { 'values.yaml': JSON.stringify(values) },
  });
  return { ...run, objects: parseAllDocuments(run.stdout).map((doc) => doc.toJS() as KubeObject) };
}

const cronjobSets = Object.entries(VALUE_SETS).filter(([, values]) => values.mode !== 'deployment');

describe('pull-secret cronjob', () => {
  it('prints the chart’s defaults as a ServiceAccount, Role, RoleBinding and CronJob running refresh', async () => {
    const run = await runCli(['cronjob', '-n', 'tools']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const objects = parseAllDocuments(run.stdout).map((doc) => doc.toJS() as KubeObject);
    expect(objects.map((o) => o.kind)).toEqual(['ServiceAccount', 'Role', 'RoleBinding', 'CronJob']);
    const cron = JSON.parse(JSON.stringify(objects[3]));
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].args).toEqual([
      'refresh',
      '--namespace=tools',
      '--secret=regcred',
      '--before=50%',
    ]);
    for (const object of objects) expect(kubeSchemaProblems(object)).toEqual([]);
  });

  it('prints a List with -o json and merges values files in order, later files winning', async () => {
    const run = await runCli(['cronjob', '-f', 'a.yaml', '-f', 'b.yaml', '-o', 'json', '--name', 'keeper'], {
      files: {
        'a.yaml': 'targets:\n  namespaces: [apps]\ncronjob:\n  schedule: "0 * * * *"\n  before: 30m\n',
        'b.yaml': 'cronjob:\n  schedule: "*/5 * * * *"\n',
      },
    });
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    const cron = list.items.find((o: KubeObject) => o.kind === 'CronJob');
    expect(cron.metadata.name).toBe('keeper');
    expect(cron.spec.schedule).toBe('*/5 * * * *');
    expect(cron.spec.jobTemplate.spec.template.spec.containers[0].args).toContain('--before=30m');
    expect(list.items.find((o: KubeObject) => o.kind === 'Role').metadata.namespace).toBe('apps');
  });

  it.each([
    [
      'an unknown key',
      { credentials: { password: 'canary-cronjob-pw' } },
      /credentials\.password is not a value of the chart/,
    ],
    [
      'a wrong type',
      { cronjob: { backoffLimit: 'two' } },
      /cronjob\.backoffLimit must be a whole number, not a string/,
    ],
    ['a mode it does not print', { mode: 'deployment' }, /prints the cronjob mode/],
    ['a namespace name that is not one', { targets: { namespaces: ['Apps'] } }, /does not match/],
  ])(
    'refuses %s as bad input: exit 2, one sentence and a hint, nothing printed',
    async (_, values, message) => {
      const run = await cronjob(values);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).toMatch(/^error: [^\n]+\nhint: [^\n]+\n$/);
      expect(run.stderr).not.toContain('canary-cronjob-pw');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it.each([
    ['a values file that is not YAML', ['-f', 'bad.yaml'], /not YAML/],
    ['a values file that is a list', ['-f', 'list.yaml'], /not a map/],
    ['a missing values file', ['-f', 'missing.yaml'], /missing\.yaml/],
    ['a bad release name', ['--name', 'Bad_Name'], /not a valid release name/],
    ['an argument', ['extra'], /takes no arguments/],
  ])('refuses %s (exit 2, nothing printed)', async (_, args, message) => {
    const run = await runCli(['cronjob', ...args], {
      files: { 'bad.yaml': 'a: [b\n', 'list.yaml': '- a\n' },
    });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
  });

  it('runs from the built bundle, which carries the chart definition', async () => {
    const run = await spawnCli(['cronjob', '-n', 'tools', '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).items.map((o: KubeObject) => o.kind)).toContain('CronJob');
  });

  it('names the version of the CLI as the chart’s appVersion', () => {
    expect(parse(readFileSync(join(CHART_DIR, 'Chart.yaml'), 'utf8')).appVersion).toBe(VERSION);
  });

  describe.skipIf(!findHelm())(
    'refuses what helm refuses, by the same schema',
    { tags: ['needs-helm'] },
    () => {
      it.each([
        ['an unknown key', { cronjob: { scheduel: '* * * * *' } }],
        ['a wrong type', { cronjob: { suspend: 'yes' } }],
        ['a value outside the enum', { image: { pullPolicy: 'Sometimes' } }],
        ['a name the pattern refuses', { secretName: 'Reg_Cred' }],
        ['a number below the minimum', { deployment: { replicas: 0 } }],
        ['an incomplete secret reference', { credentials: { secretEnv: [{ name: 'HARBOR_PASSWORD' }] } }],
      ])('%s', async (_, values) => {
        const fromHelm = await helmTemplate(CHART_DIR, values);
        expect(fromHelm.exitCode).not.toBe(0);
        const fromCli = await cronjob(values);
        expect(fromCli.code).toBe(2);
        expect(fromCli.stdout).toBe('');
      });
    },
  );

  describe.skipIf(!findHelm())(
    'prints exactly what helm template makes of the chart',
    { tags: ['needs-helm'] },
    () => {
      it.each(cronjobSets)('%s', async (_, values) => {
        const fromHelm = (await renderChart(values, 'tools', 'keeper')) as KubeObject[];
        const fromCli = await cronjob(values, ['--name', 'keeper', '-n', 'tools']);
        expect(fromCli.code).toBe(0);
        expect(sorted(fromCli.objects)).toEqual(sorted(fromHelm));
      });
    },
  );
});
