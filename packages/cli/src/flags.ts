import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

export interface FlagSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Other names for this flag, e.g. kubectl's `docker-server` for `server`. */
  aliases?: string[];
  /** Shown in --help; the value's name follows the flag, e.g. `--server HOST`. */
  value?: string;
  /**
   * A string flag given with no `=value` takes this value and never the next argument, as pflag's
   * NoOptDefVal (kubectl's bare `--dry-run` is `--dry-run=client`); `warning` is printed when it is used.
   */
  bare?: { value: string; warning: string };
  /** Values kept from an older syntax, each read as another with a warning (`--dry-run=true`). */
  deprecatedValues?: Readonly<Record<string, { value: string; warning: string }>>;
  description: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface ParsedFlags {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** What the command line asked for in a deprecated way, for stderr (`--dry-run` alone). */
  warnings?: string[];
}

/**
 * Parses a command's arguments with kubectl's conventions: `--flag value`, `--flag=value`, `-n value`,
 * `-nvalue`, `-n=value`, repeatable flags, and aliases merged into the main name. Errors are
 * `UsageError`s that never repeat a flag's value.
 */
export function parseFlags(command: string, args: readonly string[], specs: FlagSpecs): ParsedFlags {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple: boolean }> = {};
  const bare = new Map<string, NonNullable<FlagSpec['bare']>>();
  const mainName = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) {
    for (const alias of [name, ...(spec.aliases ?? [])]) {
      options[alias] = {
        type: spec.type,
        multiple: true,
        ...(alias === name && spec.short ? { short: spec.short } : {}),
      };
      mainName.set(alias, name);
      if (spec.bare) bare.set(alias, spec.bare);
    }
  }
  const warnings: string[] = [];
  const help = `Run "pull-secret ${command} --help" for usage.`;
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: asPflagReads(args, options, bare, warnings),
      options,
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError(describeParseError(error, args), help);
  }
  const collected = new Map<string, (string | boolean)[]>();
  for (const [alias, value] of Object.entries(parsed.values)) {
    const name = mainName.get(alias)!;
    const deprecated = specs[name]!.deprecatedValues ?? {};
    const read = (value as (string | boolean)[]).map((given) => {
      const instead =
        typeof given === 'string' && Object.hasOwn(deprecated, given) ? deprecated[given] : undefined;
      if (!instead) return given;
      if (!warnings.includes(instead.warning)) warnings.push(instead.warning);
      return instead.value;
    });
    collected.set(name, [...(collected.get(name) ?? []), ...read]);
  }
  const values: ParsedFlags['values'] = {};
  for (const [name, list] of collected) {
    const spec = specs[name]!;
    if (spec.multiple) {
      values[name] = list as string[];
    } else if (spec.type === 'string' && new Set(list).size > 1) {
      throw new UsageError(`--${name} was given more than once with different values.`, help);
    } else {
      values[name] = list.at(-1);
    }
  }
  return { values, positionals: parsed.positionals, ...(warnings.length > 0 ? { warnings } : {}) };
}

/**
 * Rewrites arguments so node's parseArgs reads them as kubectl's pflag does: a string flag takes the
 * next argument as its value even when it starts with `-` (`--password -x`), `-n=value` means
 * `-n value`, booleans accept `=true` and `=false`, and a flag with a bare value never takes the next
 * argument.
 */
function asPflagReads(
  args: readonly string[],
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>,
  bare: ReadonlyMap<string, NonNullable<FlagSpec['bare']>>,
  warnings: string[],
): string[] {
  const byShort = new Map(
    Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])),
  );
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      out.push(...args.slice(i));
      break;
    }
    const long = /^--([^=]+)(?:=(.*))?$/s.exec(arg);
    const short = /^-([a-zA-Z])(?:=?(.*))?$/s.exec(arg);
    const name = long ? long[1]! : short ? byShort.get(short[1]!) : undefined;
    const inline = long ? long[2] : short?.[2] || undefined;
    const option = name === undefined ? undefined : options[name];
    if (!name || !option) {
      out.push(arg);
    } else if (option.type === 'boolean') {
      if (inline === undefined || inline === 'true') out.push(`--${name}`);
      else if (inline !== 'false') out.push(arg);
    } else if (inline !== undefined) {
      out.push(`--${name}=${inline}`);
    } else if (bare.has(name)) {
      const { value, warning } = bare.get(name)!;
      out.push(`--${name}=${value}`);
      if (!warnings.includes(warning)) warnings.push(warning);
    } else if (i + 1 < args.length) {
      out.push(`--${name}=${args[++i]}`);
    } else {
      out.push(arg);
    }
  }
  return out;
}

function describeParseError(error: unknown, args: readonly string[]): string {
  const code = (error as { code?: string }).code;
  const message = String((error as Error).message);
  const flag = /'(-{1,2}[^' <]+)/.exec(message)?.[1];
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `Unknown flag ${flag ?? '(unrecognised)'}.`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('argument missing')
        ? `Flag ${flag ?? ''} needs a value.`
        : `Flag ${flag ?? ''} does not take a value.`;
    default:
      return `Could not read the arguments (${args.length} given).`;
  }
}

/** The help text for a command's flags, aligned as kubectl aligns them. */
export function formatFlagHelp(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const names = [spec.short ? `-${spec.short}, --${name}` : `    --${name}`];
    const label = `${names[0]}${spec.value ? ` ${spec.value}` : ''}`;
    const aliases = spec.aliases?.length ? ` (alias: ${spec.aliases.map((a) => `--${a}`).join(', ')})` : '';
    return [label, `${spec.description}${aliases}`] as const;
  });
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, text]) => `  ${label.padEnd(width)}${text}`).join('\n');
}

/** kubectl reads a bare `--dry-run` as `--dry-run=client` and warns that the bare form is deprecated. */
export const BARE_DRY_RUN: NonNullable<FlagSpec['bare']> = {
  value: 'client',
  warning: '--dry-run is deprecated and can be replaced with --dry-run=client.',
};

/** kubectl's boolean `--dry-run=true|false` from before it took a mode, read as it reads them. */
export const DRY_RUN_BOOLEANS: NonNullable<FlagSpec['deprecatedValues']> = {
  true: {
    value: 'client',
    warning: '--dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.',
  },
  false: {
    value: 'none',
    warning: '--dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none.',
  },
};
