import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// V8 flags are process-wide: each case runs in a Node process of its own, with this module loaded.
const MODULE = fileURLToPath(new URL('./young-generation-cap.ts', import.meta.url));
const newSpaceAfterChurn = (cap: number | undefined) => {
  const script = `
    import v8 from 'node:v8';
    ${cap === undefined ? '' : `const { capYoungGeneration } = await import(${JSON.stringify(MODULE)}); capYoungGeneration(${cap});`}
    const keep = [];
    for (let i = 0; i < 2e6; i++) {
      keep.push({ i, text: 'x' + i });
      if (keep.length > 50000) keep.splice(0, 25000);
      if (i % 100000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const space = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
    process.stdout.write(String(space.space_size / 1024 / 1024));
  `;
  return Number(
    execFileSync(process.execPath, ['--experimental-strip-types', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    }),
  );
};

describe('capYoungGeneration', () => {
  it('keeps the new space at the cap where V8 alone grows it further', () => {
    expect(newSpaceAfterChurn(undefined)).toBeGreaterThan(16);
    // One growth may land between the collection that reached the cap and the observer's callback.
    expect(newSpaceAfterChurn(8)).toBeLessThanOrEqual(16);
  });
});
