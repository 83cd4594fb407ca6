import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// V8 flags are process-wide: each case runs in a Node process of its own, with this module loaded.
const MODULE = fileURLToPath(new URL('./heap-bounds.ts', import.meta.url));

/** Peak new-space size and old-space use (MiB) of a churn that promotes garbage, as many requests do. */
const churn = (bounds?: { youngMiB: number; oldGrowthMiB: number }): { young: number; old: number } => {
  const script = `
    import v8 from 'node:v8';
    ${bounds ? `const { boundHeap } = await import(${JSON.stringify(MODULE)}); boundHeap(${JSON.stringify(bounds)});` : ''}
    const peak = { young: 0, old: 0 };
    const inFlight = [];
    for (let i = 0; i < 2e6; i++) {
      inFlight.push({ i, text: 'request ' + i, body: new Array(8).fill(i) });
      if (inFlight.length > 60000) inFlight.splice(0, 30000);
      // The event loop turns often, as between requests (the observer runs between turns).
      if (i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (i % 50000 === 0) {
        const spaces = v8.getHeapSpaceStatistics();
        const get = (name, field) => spaces.find((s) => s.space_name === name)[field] / 1048576;
        peak.young = Math.max(peak.young, get('new_space', 'space_size'));
        peak.old = Math.max(peak.old, get('old_space', 'space_used_size'));
      }
    }
    process.stdout.write(JSON.stringify(peak));
  `;
  return JSON.parse(
    execFileSync(process.execPath, ['--experimental-strip-types', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    }),
  );
};

describe('boundHeap', () => {
  it('holds the young generation at its cap and collects promoted garbage early', { timeout: 60_000 }, () => {
    const free = churn();
    // A young generation held small promotes more: the old generation's bound is what collects it.
    const youngOnly = churn({ youngMiB: 8, oldGrowthMiB: 1e6 });
    const bounded = churn({ youngMiB: 8, oldGrowthMiB: 16 });
    expect(free.young).toBeGreaterThan(16);
    // One growth may land between the collection that reached the cap and the observer's callback.
    expect(bounded.young).toBeLessThanOrEqual(16);
    expect(bounded.old).toBeLessThan(youngOnly.old);
  });
});
