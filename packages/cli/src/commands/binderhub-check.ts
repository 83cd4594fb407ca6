// STUB, to be replaced by `binderhub check` (issue 14, branch issue-14c): it only lets
// `pull-secret binderhub check …` dispatch and compile until then.
import type { CliIo } from '../cli-io.js';
import type { ParsedFlags } from '../flags.js';
import { UsageError } from '../usage-error.js';

/** `pull-secret binderhub check -f secret.yaml -f config.yaml [--live]`; `args` are the positionals after `check`. */
export async function runBinderhubCheck(
  _values: ParsedFlags['values'],
  _args: readonly string[],
  _io: CliIo,
): Promise<number> {
  throw new UsageError(
    'pull-secret binderhub check is not built yet.',
    'Check z2jh values with pull-secret jupyterhub check -f FILE meanwhile.',
  );
}
