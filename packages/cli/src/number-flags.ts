import type { PullSecretError } from '@pull-secret/dockerconfigjson';
import { parseDuration } from '@pull-secret/http';
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

/**
 * A kubectl-style duration flag in ms: Go durations (`500ms`, `30s`, `1m30s`, `2h`), a bare number of
 * seconds, `0` for none; the fallback when not given.
 */
export function durationMs(value: unknown, flag: string, fallbackMs: number): number {
  if (value === undefined) return fallbackMs;
  try {
    return parseDuration(String(value), flag);
  } catch (error) {
    const { message, hint } = (error as PullSecretError).render((option) => `--${option}`);
    throw new UsageError(message, hint);
  }
}
