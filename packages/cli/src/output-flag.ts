import { UsageError } from './usage-error.js';

/** The -o/--output value, checked against what the command can print. */
export function outputFormat<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new UsageError(
      `-o/--output must be one of ${allowed.join(', ')}, not "${String(value)}".`,
      `For example -o ${allowed[0]}.`,
    );
  }
  return value as T;
}
