// docs/cli.md's table of provider flags is made from the same descriptors as the flags themselves, so
// the two cannot drift. PULL_SECRET_WRITE_DOCS=1 (npm run docs:flags) rewrites it instead of comparing.
import { readFileSync, writeFileSync } from 'node:fs';
import { PROVIDER_PLUGINS } from '@pull-secret/plugins';
import { expect, it } from 'vitest';
import { providerFlagSpecs } from './provider-flags.js';

const CLI_DOCS = new URL('../../../docs/cli.md', import.meta.url);
const MARKERS = /(<!-- provider-flags:start[^>]*-->\n)[\s\S]*?(<!-- provider-flags:end -->)/;

function flagsTable(): string {
  const rows = Object.entries(providerFlagSpecs(PROVIDER_PLUGINS)).map(([name, spec]) => {
    const flag = `\`--${name}${spec.value ? ` ${spec.value}` : ''}\``;
    return `| ${flag} | ${spec.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| flag | meaning |', '|---|---|', ...rows].join('\n');
}

it('docs/cli.md lists every provider flag the descriptors make (npm run docs:flags -w @pull-secret/cli)', () => {
  const current = readFileSync(CLI_DOCS, 'utf8');
  expect(current).toMatch(MARKERS);
  const expected = current.replace(
    MARKERS,
    (_, open: string, close: string) => `${open}${flagsTable()}\n${close}`,
  );
  if (process.env.PULL_SECRET_WRITE_DOCS === '1') writeFileSync(CLI_DOCS, expected);
  expect(readFileSync(CLI_DOCS, 'utf8')).toBe(expected);
  for (const plugin of PROVIDER_PLUGINS) {
    // A switch takes no value: its flag cell ends at the name.
    for (const option of plugin.options)
      expect(expected).toContain(
        `| \`--${option.name}${option.secret ? '-file' : ''}${option.boolean ? '`' : ' '}`,
      );
  }
});
