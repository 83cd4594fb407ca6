import { readFileSync, writeFileSync } from 'node:fs';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { withGeneratedTables } from './action-docs.js';
import { BASE_INPUTS } from './action-inputs.js';
import { actionYml } from './action-yml.js';

const ACTION_YML = new URL('../../../action.yml', import.meta.url);
const ACTION_DOCS = new URL('../../../docs/action.md', import.meta.url);

describe('action.yml', () => {
  const expected = actionYml(PROVIDER_PLUGINS);

  // `npm run generate -w @pull-secret/action` sets this to rewrite the file instead of comparing.
  if (process.env.PULL_SECRET_WRITE_ACTION_YML === '1') writeFileSync(ACTION_YML, expected);

  it('is what the inputs and the provider descriptors make (run "npm run generate -w @pull-secret/action")', () => {
    expect(readFileSync(ACTION_YML, 'utf8')).toBe(expected);
  });

  it('runs the committed bundle on node24, with a post step, and declares every input and each provider option', () => {
    const action = parse(expected);
    // The post step (the cleanup input) runs the post bundle, also after a failed job.
    expect(action.runs).toEqual({
      using: 'node24',
      main: 'actions/pull-secret/dist/index.js',
      post: 'actions/pull-secret/dist/post.js',
      'post-if': 'always()',
    });
    const names = Object.keys(action.inputs);
    for (const input of BASE_INPUTS) expect(names).toContain(input.name);
    for (const plugin of PROVIDER_PLUGINS) {
      for (const option of plugin.options) {
        expect(names, `${plugin.name} ${option.name}`).toContain(option.name);
        // A default in action.yml would reach the Action as if given and hide the env fallbacks.
        expect(action.inputs[option.name].default, option.name).toBeUndefined();
      }
    }
    expect(action.inputs['secret-name'].required).toBe(true);
  });
});

describe('docs/action.md', () => {
  const current = readFileSync(ACTION_DOCS, 'utf8');
  const expected = withGeneratedTables(current, PROVIDER_PLUGINS);
  if (process.env.PULL_SECRET_WRITE_ACTION_YML === '1') writeFileSync(ACTION_DOCS, expected);

  it('has the inputs and outputs tables the declarations make (run "npm run generate -w @pull-secret/action")', () => {
    expect(readFileSync(ACTION_DOCS, 'utf8')).toBe(expected);
    for (const name of ['secret-name', 'docker-config', 'manifest-path'])
      expect(expected).toContain(`| \`${name}\``);
  });
});
