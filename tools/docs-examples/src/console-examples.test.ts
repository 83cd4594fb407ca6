import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleExamples, DOCUMENTED_FILES, exampleEnvironment } from './console-examples.ts';

describe.each(DOCUMENTED_FILES)('%s examples', (file) => {
  const examples = consoleExamples(file);
  let environment: Awaited<ReturnType<typeof exampleEnvironment>>;
  beforeAll(async () => {
    environment = await exampleEnvironment(file);
  });
  afterAll(async () => environment?.close());

  it('has examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  // In order: later commands use files and cluster state that earlier ones made.
  for (const example of examples) {
    it(`line ${example.line}: $ ${example.command.split('\n')[0]}`, async () => {
      expect(await environment.run(example.command)).toBe(example.expected);
    });
  }
});
