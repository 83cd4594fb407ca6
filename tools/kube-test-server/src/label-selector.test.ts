import { describe, expect, it } from 'vitest';
import { matchesLabels, parseLabelSelector } from './label-selector.js';

const matches = (selector: string, labels?: Record<string, string>) =>
  matchesLabels(parseLabelSelector(selector), labels);

describe('label selectors', () => {
  it('parses every operator the API server knows', () => {
    expect(parseLabelSelector('a=1, b==2,c!=3,d in (x, y),e notin (z),f,!g,h>4,i<5')).toEqual([
      { key: 'a', operator: 'in', values: ['1'] },
      { key: 'b', operator: 'in', values: ['2'] },
      { key: 'c', operator: 'notin', values: ['3'] },
      { key: 'd', operator: 'in', values: ['x', 'y'] },
      { key: 'e', operator: 'notin', values: ['z'] },
      { key: 'f', operator: 'exists' },
      { key: 'g', operator: 'doesnotexist' },
      { key: 'h', operator: 'gt', value: 4 },
      { key: 'i', operator: 'lt', value: 5 },
    ]);
    expect(parseLabelSelector('')).toEqual([]);
    expect(parseLabelSelector('app.kubernetes.io/managed-by=pull-secret')).toEqual([
      { key: 'app.kubernetes.io/managed-by', operator: 'in', values: ['pull-secret'] },
    ]);
  });

  it('matches as the API server does', () => {
    const labels = { app: 'x', tier: 'web', n: '7' };
    expect(matches('app=x', labels)).toBe(true);
    expect(matches('app=y', labels)).toBe(false);
    expect(matches('app!=y', labels)).toBe(true);
    expect(matches('missing!=y', labels)).toBe(true);
    expect(matches('app in (y,x)', labels)).toBe(true);
    expect(matches('app notin (x)', labels)).toBe(false);
    expect(matches('missing notin (x)', labels)).toBe(true);
    expect(matches('tier', labels)).toBe(true);
    expect(matches('!tier', labels)).toBe(false);
    expect(matches('n>6,n<8', labels)).toBe(true);
    expect(matches('app=x,!tier', labels)).toBe(false);
    expect(matches('', undefined)).toBe(true);
    expect(matches('app', undefined)).toBe(false);
    expect(matches('app=', { app: '' })).toBe(true);
  });

  it('refuses selectors the API server refuses, with 400', () => {
    for (const selector of [
      'app in x',
      'app in (x',
      'app=x y',
      '=x',
      'bad key!=x',
      'n>x',
      'app=(x)',
      'a,,b',
    ]) {
      expect(() => parseLabelSelector(selector), selector).toThrow(
        expect.objectContaining({
          code: 400,
          message: expect.stringMatching(/^unable to parse requirement/),
        }),
      );
    }
  });
});
