import { describe, expect, it } from 'vitest';
import { kubeSchemaProblems } from './kube-schema.js';

const cronJob = (spec: Record<string, unknown>, container: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'keeper' },
  spec: {
    schedule: '*/15 * * * *',
    concurrencyPolicy: 'Forbid',
    jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'b', ...container }] } } } },
    ...spec,
  },
});

describe('kubeSchemaProblems, the Kubernetes API schema check of the chart test', () => {
  it('accepts a valid object', () => {
    expect(kubeSchemaProblems(cronJob({}))).toEqual([]);
  });

  it.each([
    ['an unknown field deep in a pod', cronJob({}, { securityContxt: {} }), 'securityContxt'],
    ['a value outside an enum', cronJob({ concurrencyPolicy: 'Never' }), 'concurrencyPolicy'],
    ['a string where a number goes', cronJob({ startingDeadlineSeconds: '300' }), 'startingDeadlineSeconds'],
    ['a missing required field', cronJob({ schedule: undefined }), 'schedule'],
    [
      'a kind the API does not have',
      { apiVersion: 'batch/v1', kind: 'CronJobs', metadata: { name: 'x' } },
      'CronJobs',
    ],
  ])('finds %s', (_, object, word) => {
    const problems = kubeSchemaProblems(JSON.parse(JSON.stringify(object)));
    expect(problems.join('\n')).toContain(word);
  });
});
