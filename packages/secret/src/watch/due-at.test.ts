import { describe, expect, it } from 'vitest';
import { isDue } from '../refresh-pull-secrets.js';
import { dueAt } from './due-at.js';

const T0 = Date.parse('2030-06-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('dueAt', () => {
  const cases = [
    { entry: { issuedAt: iso(T0), expiresAt: iso(T0 + 12 * 3600_000) }, before: { fraction: 0.5 } },
    { entry: { issuedAt: iso(T0), expiresAt: iso(T0 + 3600_000) }, before: { fraction: 0.3 } },
    { entry: { issuedAt: iso(T0), expiresAt: iso(T0 + 3600_000) }, before: { withinMs: 1800_000 } },
    { entry: { expiresAt: iso(T0 + 3600_000) }, before: { withinMs: 60_000 } },
  ];
  it.each(cases)('is the first moment isDue says due ($before)', ({ entry, before }) => {
    const at = dueAt(entry, before)!;
    expect(isDue(entry, before, new Date(at))).toBe(true);
    expect(isDue(entry, before, new Date(at - 1))).toBe(false);
  });

  it('is now for an entry of unknown lifetime, and never for one that does not expire', () => {
    expect(dueAt({ expiresAt: iso(T0) }, { fraction: 0.5 })).toBe(Number.NEGATIVE_INFINITY);
    expect(dueAt({}, { fraction: 0.5 })).toBeUndefined();
  });
});
