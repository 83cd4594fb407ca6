import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_DIR, generatedChartFiles } from './chart-files.js';
import { valuesTable } from './chart-values.js';

describe('charts/pull-secret', () => {
  it.each([...generatedChartFiles()])('%s is what the chart definition makes', (file, text) => {
    const path = join(CHART_DIR, file);
    if (process.env.PULL_SECRET_WRITE_CHART === '1') writeFileSync(path, text);
    expect(
      readFileSync(path, 'utf8'),
      `${file} is stale: run PULL_SECRET_WRITE_CHART=1 npx vitest run src/chart/chart-files.test.ts`,
    ).toBe(text);
  });

  it('docs/helm.md lists every value, as the schema has it', () => {
    const page = join(CHART_DIR, '../../docs/helm.md');
    const text = readFileSync(page, 'utf8');
    const table = /<!-- values-table -->[\s\S]*?<!-- \/values-table -->/;
    const expected = `<!-- values-table -->\n${valuesTable()}\n<!-- /values-table -->`;
    if (process.env.PULL_SECRET_WRITE_CHART === '1') writeFileSync(page, text.replace(table, expected));
    expect(readFileSync(page, 'utf8').match(table)?.[0]).toBe(expected);
  });
});
