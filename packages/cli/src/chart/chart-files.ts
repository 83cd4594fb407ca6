import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHART_DOCUMENTS } from './chart-definition.js';
import { helmTemplateText } from './chart-template.js';
import { valuesSchemaJson, valuesYaml } from './chart-values.js';

const HEADER =
  'Generated from packages/cli/src/chart (chart-definition.ts, chart-values.ts): edit those, then run PULL_SECRET_WRITE_CHART=1 npx vitest run src/chart/chart-files.test.ts in packages/cli.';

/** charts/pull-secret in this checkout. */
export const CHART_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../charts/pull-secret');

/** The files of charts/pull-secret made from the one definition, keyed by path inside the chart. */
export function generatedChartFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [file, text] of helmTemplateText(CHART_DOCUMENTS, HEADER)) files.set(`templates/${file}`, text);
  files.set('values.yaml', `# ${HEADER}\n${valuesYaml()}`);
  files.set('values.schema.json', valuesSchemaJson());
  return files;
}
