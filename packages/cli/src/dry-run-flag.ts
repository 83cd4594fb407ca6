import { BARE_DRY_RUN, DRY_RUN_BOOLEANS, type FlagSpec } from './flags.js';
import { UsageError } from './usage-error.js';

export type DryRunMode = 'none' | 'client' | 'server';

/** kubectl's `--dry-run[=client|server|none]`, its bare and boolean forms included. */
export function dryRunFlag(description: string): FlagSpec {
  return {
    type: 'string',
    value: 'MODE',
    bare: BARE_DRY_RUN,
    deprecatedValues: DRY_RUN_BOOLEANS,
    description,
  };
}

/** The mode a command that writes to the cluster was given (none when the flag is absent). */
export function dryRunMode(value: unknown): DryRunMode {
  const mode = (value as string | undefined) ?? 'none';
  if (mode === 'none' || mode === 'client' || mode === 'server') return mode;
  throw new UsageError(
    `--dry-run must be client, server or none, not "${mode}".`,
    'For example --dry-run=client.',
  );
}
