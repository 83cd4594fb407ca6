import type { RefreshPoint } from '@pull-secret/secret';
import { durationMs } from './number-flags.js';
import { UsageError } from './usage-error.js';

const SHARE = /^(\d+(?:\.\d+)?)%$/;

/**
 * `--before`: a share of the lifetime left (`50%`, more than 0 and less than 100) or a duration
 * (`30m`, `1h30m`, a number of seconds); default 50%.
 */
export function refreshPoint(value: unknown): RefreshPoint {
  if (value === undefined) return { fraction: 0.5 };
  const text = String(value).trim();
  const share = SHARE.exec(text);
  if (share) {
    const percent = Number(share[1]);
    if (percent > 0 && percent < 100) return { fraction: percent / 100 };
    throw new UsageError(
      `--before must be a share of the lifetime above 0% and below 100%, not "${text}".`,
      'For example --before 50% (past half the lifetime) or --before 30m.',
    );
  }
  if (text.endsWith('%') || text === '') {
    throw new UsageError(
      `--before must be a share like 50% or a duration like 30m, not "${text}".`,
      'For example --before 50% (past half the lifetime) or --before 30m.',
    );
  }
  return { withinMs: durationMs(text, 'before', 0) };
}
