import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { type ActionField, actionInputs, OUTPUTS } from './action-inputs.js';

/**
 * docs/action.md with its inputs and outputs tables (between the `<!-- inputs:start … -->` and
 * `<!-- inputs:end -->` markers, and the same for outputs) made from the same declarations as action.yml.
 */
export function withGeneratedTables(markdown: string, plugins: readonly ProviderPlugin[]): string {
  return replaceBetween(
    replaceBetween(markdown, 'inputs', table(actionInputs(plugins), true)),
    'outputs',
    table([...OUTPUTS], false),
  );
}

function table(fields: readonly ActionField[], withDefaults: boolean): string {
  const header = withDefaults
    ? '| input | default | description |\n|---|---|---|'
    : '| output | description |\n|---|---|';
  const rows = fields.map((field) => {
    const name = `\`${field.name}\`${field.required ? ' (required)' : ''}`;
    const description = field.description.replace(/\|/g, '\\|');
    return withDefaults
      ? `| ${name} | ${field.default === undefined ? '' : `\`${field.default}\``} | ${description} |`
      : `| ${name} | ${description} |`;
  });
  return [header, ...rows].join('\n');
}

function replaceBetween(markdown: string, name: string, content: string): string {
  const start = new RegExp(`(<!-- ${name}:start[^>]*-->\\n)[\\s\\S]*?(<!-- ${name}:end -->)`);
  if (!start.test(markdown))
    throw new Error(`docs/action.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers.`);
  return markdown.replace(start, (_, open: string, close: string) => `${open}${content}\n${close}`);
}
