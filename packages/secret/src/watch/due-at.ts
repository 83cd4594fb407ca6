import type { RefreshPoint } from '../refresh-pull-secrets.js';

/**
 * The moment `isDue` turns true for an entry (ms since the epoch), so a timer can wait for it instead
 * of a poll asking again and again: undefined for an entry that does not expire. An entry without a
 * known issue time is due at once, as isDue says.
 */
export function dueAt(
  entry: { expiresAt?: string; issuedAt?: string },
  before: RefreshPoint,
): number | undefined {
  if (!entry.expiresAt) return undefined;
  const expires = Date.parse(entry.expiresAt);
  if (Number.isNaN(expires)) return undefined;
  if ('withinMs' in before) return expires - before.withinMs;
  const issued = entry.issuedAt ? Date.parse(entry.issuedAt) : Number.NaN;
  if (Number.isNaN(issued) || expires <= issued) return Number.NEGATIVE_INFINITY;
  // isDue: left <= lifetime * fraction, i.e. now >= expires - lifetime * fraction.
  return Math.ceil(expires - (expires - issued) * before.fraction);
}
