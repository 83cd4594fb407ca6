import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR } from './chart-files.js';
import { defaultValues, mergeValues, valuesProblems } from './chart-values.js';

describe('the chart values', () => {
  it('defaults are what values.yaml holds, and pass their own schema', () => {
    expect(parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8'))).toEqual(defaultValues());
    expect(valuesProblems(defaultValues())).toEqual([]);
  });

  it('merge as helm merges values files: maps key by key, lists and scalars replaced', () => {
    const base = { targets: { namespaces: ['a', 'b'], allNamespaces: false }, mode: 'cronjob' };
    expect(mergeValues(base, { targets: { namespaces: ['c'] }, mode: 'deployment' })).toEqual({
      targets: { namespaces: ['c'], allNamespaces: false },
      mode: 'deployment',
    });
  });

  it.each([
    [{ extra: 1 }, 'extra is not a value of the chart'],
    [{ targets: { namespaces: 'apps' } }, 'targets.namespaces must be a list, not a string'],
    [{ targets: { namespaces: ['ok', 'Not_OK'] } }, 'targets.namespaces[1] "Not_OK" does not match'],
    [{ mode: 'daemonset' }, 'mode is none of cronjob, deployment'],
    [{ deployment: { replicas: 0 } }, 'deployment.replicas is below 1'],
    [{ credentials: { secretEnv: [{ name: 'X' }] } }, 'credentials.secretEnv[0] has no secretKeyRef'],
    [{ credentials: { options: { 'aws-region': 1 } } }, 'credentials.options.aws-region must be a string'],
    [[], 'the values must be a map, not a list'],
  ])('name what is wrong: %j', (values, problem) => {
    const merged = Array.isArray(values) ? values : mergeValues(defaultValues(), values);
    expect(valuesProblems(merged).join('\n')).toContain(problem);
  });
});
