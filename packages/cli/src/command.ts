import type { CliIo } from './cli-io.js';
import type { FlagSpecs, ParsedFlags } from './flags.js';

/** One `pull-secret` subcommand: its flags and help, and a run that returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  examples: string;
  flags: FlagSpecs;
  run(flags: ParsedFlags, io: CliIo): Promise<number>;
}

/** Flags every command takes. */
export const COMMON_FLAGS: FlagSpecs = {
  debug: { type: 'boolean', description: 'Print stack traces on errors.' },
  help: { type: 'boolean', short: 'h', description: 'Show this help.' },
};
