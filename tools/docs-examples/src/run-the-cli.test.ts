// Commands a reader copies must run pull-secret, not whatever npm package is called `pull-secret`
// (issue 11, item 17): `npx pull-secret` only inside this repository (README's fresh-clone command),
// `npx --package @pull-secret/cli pull-secret` or an installed `pull-secret` everywhere else.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './console-examples.ts';

const pages = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file)),
  'actions/pull-secret/README.md',
];

function read(page: string): string {
  try {
    return readFileSync(join(ROOT, page), 'utf8');
  } catch {
    return '';
  }
}

/** The lines inside fenced code blocks: what a reader copies (prose may name the wrong way to warn of it). */
function codeLines(text: string): string[] {
  let inBlock = false;
  return text.split('\n').filter((line) => {
    if (line.trimStart().startsWith('```')) {
      inBlock = !inBlock;
      return false;
    }
    return inBlock;
  });
}

describe('how the docs run the CLI', () => {
  it.each(pages)('%s: npx runs @pull-secret/cli by name, except in the fresh-clone command', (page) => {
    const lines = codeLines(read(page));
    const bare = lines.filter((line) => /\bnpx (--yes |-y )?pull-secret\b/.test(line));
    const allowed = page === 'README.md' ? ['npm ci && printf %s "$TOKEN" | npx pull-secret create'] : [];
    expect(bare.filter((line) => !allowed.some((start) => line.startsWith(start)))).toEqual([]);
    const shortcut = lines.filter((line) => /\bnpx (--yes |-y )?@pull-secret\/cli\b/.test(line));
    expect(shortcut).toEqual([]);
  });

  it('README and docs/cli.md say how to run the CLI outside the repository', () => {
    for (const page of ['README.md', 'docs/cli.md']) {
      expect(read(page)).toContain('npx --package @pull-secret/cli pull-secret');
      expect(read(page)).toContain('npm install -g @pull-secret/cli');
    }
  });
});
