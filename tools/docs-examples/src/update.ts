// Rewrites the output under each `$ command` in the documented files (or those named) with what the command prints now.
// Review the diff before committing: the docs test compares against these outputs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consoleExamples, DOCUMENTED_FILES, exampleEnvironment, ROOT } from './console-examples.ts';

// Given file names, only those files.
const only = process.argv.slice(2);
for (const file of DOCUMENTED_FILES.filter((name) => only.length === 0 || only.includes(name))) {
  const { run, close } = await exampleEnvironment(file);
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const examples = consoleExamples(file);
  // From the bottom up, so earlier line numbers stay valid; but run top-down first.
  const outputs: string[] = [];
  for (const example of examples) outputs.push(await run(example.command));
  for (let k = examples.length - 1; k >= 0; k--) {
    const example = examples[k]!;
    const commandLines = example.command.split('\n').length;
    const first = example.line - 1 + commandLines;
    const oldLength = example.expected === '' ? 0 : example.expected.split('\n').length;
    const replacement = outputs[k] === '' ? [] : outputs[k]!.split('\n');
    lines.splice(first, oldLength, ...replacement);
  }
  await close();
  writeFileSync(join(ROOT, file), lines.join('\n'));
  console.log(`${file}: ${examples.length} examples`);
}
