import { PullSecretError } from '@pull-secret/dockerconfigjson';

/** The command line is wrong: unknown flag, missing argument, conflicting options. Exit code 2. */
export class UsageError extends PullSecretError {
  override name = 'UsageError';

  constructor(message: string, hint?: string) {
    super('USAGE', message, hint === undefined ? {} : { hint });
  }
}
