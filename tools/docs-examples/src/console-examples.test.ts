import { describe, expect, it } from 'vitest';
import { consoleExamples, DOCUMENTED_FILES, exampleShell } from './console-examples.ts';

describe.each(DOCUMENTED_FILES)('%s examples', (file) => {
  const examples = consoleExamples(file);
  const run = exampleShell();

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  // In order: later commands use files that earlier ones wrote.
  for (const example of examples) {
    it(`line ${example.line}: $ ${example.command.split('\n')[0]}`, () => {
      expect(run(example.command)).toBe(example.expected);
    });
  }
});
