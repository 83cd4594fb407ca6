import { UsageError } from './usage-error.js';

/** A positive whole number flag (`--concurrency 32`), or the fallback when not given. */
export function positiveInteger(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError(
      `--${flag} must be a whole number of at least 1, not "${String(value)}".`,
      `For example --${flag} ${fallback}.`,
    );
  }
  return number;
}

/** A rate (`--qps 50`, `--qps 0.5`); 0 means no limit. */
export function nonNegativeNumber(value: unknown, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) {
    throw new UsageError(
      `--${flag} must be a number of at least 0, not "${String(value)}".`,
      `For example --${flag} 20.`,
    );
  }
  return number;
}

/** A kubectl-style duration: `500ms`, `30s`, `2m`, `1h`, or a bare number of seconds; in ms. */
export function durationMs(value: unknown, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(String(value));
  if (!match)
    throw new UsageError(
      `--${flag} must be a duration such as 30s or 2m, not "${String(value)}".`,
      `For example --${flag} 30s.`,
    );
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? 's']!;
  return Number(match[1]) * unit;
}
