import { describe, expect, it } from 'vitest';
import { humanDuration } from './table.js';

describe('humanDuration', () => {
  it('prints ages the way kubectl get shows them', () => {
    const s = 1000;
    const cases: [number, string][] = [
      [-5 * s, '<invalid>'],
      [-500, '0s'],
      [0, '0s'],
      [119 * s, '119s'],
      [125 * s, '2m5s'],
      [180 * s, '3m'],
      [45 * 60 * s, '45m'],
      [5 * 3600 * s + 30 * 60 * s, '5h30m'],
      [30 * 3600 * s, '30h'],
      [3 * 86400 * s + 4 * 3600 * s, '3d4h'],
      [400 * 86400 * s, '400d'],
      [3 * 365 * 86400 * s + 20 * 86400 * s, '3y20d'],
      [10 * 365 * 86400 * s, '10y'],
    ];
    for (const [ms, text] of cases) expect(humanDuration(ms), text).toBe(text);
  });
});
