// The command line every benchmark here shares: its own whole-number flags, --json and -h/--help.
import { parseArgs } from 'node:util';

export function fail(message, code = 2) {
  process.stderr.write(`error: ${message}\n`);
  process.exit(code);
}

/**
 * Parses `argv` for `wholeNumbers` ({ flag: [default, minimum] }) plus --json and --help; prints
 * `usage` and exits 0 on --help, exits 2 with the error and usage on a bad flag.
 * Returns { json, [flag]: number } with flags as given (`latency-ms` stays `latency-ms`).
 */
export function parseBenchOptions(argv, wholeNumbers, usage) {
  const options = {
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  };
  for (const [flag, [fallback]] of Object.entries(wholeNumbers)) {
    options[flag] = { type: 'string', default: String(fallback) };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true });
  } catch (error) {
    fail(`${error.message}\n${usage}`);
  }
  if (parsed.values.help) {
    process.stdout.write(usage);
    process.exit(0);
  }
  const result = { json: parsed.values.json };
  for (const [flag, [, minimum]] of Object.entries(wholeNumbers)) {
    const value = Number(parsed.values[flag]);
    if (!Number.isInteger(value) || value < minimum) {
      fail(`--${flag} must be a whole number ≥ ${minimum}, got "${parsed.values[flag]}".`);
    }
    result[flag] = value;
  }
  return result;
}
