import { InvalidInputError, showUntrustedClipped } from '@pull-secret/dockerconfigjson';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const BARE_SECONDS = /^\d+(?:\.\d+)?$/;
// Go's time.ParseDuration: one or more number-and-unit terms, `1h2m3.5s`; no sign (a timeout is never negative).
const GO_DURATION =
  /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))*$/;
const TERM = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
// Node's timers take at most 2^31 - 1 ms (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A duration as kubectl's `--request-timeout` takes it, in milliseconds: Go durations (`30s`, `1m30s`,
 * `500ms`, `2h`), a bare number of seconds (`45`), `0` for none. A non-zero duration shorter than 1 ms
 * is 1 ms, so it never reads as "none". `option` names the setting in the error (`{{option}}`).
 */
export function parseDuration(text: string, option = 'request-timeout'): number {
  const value = text.trim();
  let ms: number;
  if (BARE_SECONDS.test(value)) {
    ms = Number(value) * 1000;
  } else if (GO_DURATION.test(value)) {
    ms = 0;
    for (const [, number, unit] of value.matchAll(TERM)) ms += Number(number) * UNIT_MS[unit!]!;
  } else {
    throw new InvalidInputError(
      'INVALID_DURATION',
      `{{${option}}} must be a duration such as 30s, 1m30s or 500ms, not "${printable(text)}".`,
      {
        hint: 'Give a number with a unit (ms, s, m, h), a bare number of seconds, or 0 for no limit.',
        fields: { option },
      },
    );
  }
  // Timers take at most 2^31 - 1 ms (about 24.8 days); a longer one would fire at once.
  if (!Number.isFinite(ms) || ms > MAX_TIMER_MS) {
    throw new InvalidInputError('INVALID_DURATION', `{{${option}}} is too long a duration.`, {
      hint: 'Use at most 596h, or 0 for no limit.',
      fields: { option },
    });
  }
  return ms > 0 && ms < 1 ? 1 : Math.round(ms);
}

/** Milliseconds as a short duration in the same forms: `30s`, `1m30s`, `500ms`, `1.5s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1000;
  return [
    hours ? `${hours}h` : '',
    minutes ? `${minutes}m` : '',
    seconds ? `${Number(seconds.toFixed(3))}s` : '',
  ].join('');
}

/** Outside text in a message: escaped, and cut at 40 characters. */
const printable = (text: string): string => showUntrustedClipped(text, 40);
