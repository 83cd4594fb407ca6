import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generatedChartFiles } from './chart-files.js';

export const CHART_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../charts/pull-secret');

describe('charts/pull-secret', () => {
  it.each([...generatedChartFiles()])('%s is what the chart definition makes', (file, text) => {
    const path = join(CHART_DIR, file);
    if (process.env.PULL_SECRET_WRITE_CHART === '1') writeFileSync(path, text);
    expect(
      readFileSync(path, 'utf8'),
      `${file} is stale: run PULL_SECRET_WRITE_CHART=1 npx vitest run src/chart/chart-files.test.ts`,
    ).toBe(text);
  });
});
