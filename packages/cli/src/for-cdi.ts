import { InvalidInputError, type RegistryCredential } from '@pull-secret/dockerconfigjson';
import type { FlagSpecs, ParsedFlags } from './flags.js';
import { UsageError } from './usage-error.js';

/** `--for cdi` of create and apply: the Secret KubeVirt CDI's registry source reads, not a pull Secret. */
export const FOR_FLAG: FlagSpecs[string] = {
  type: 'string',
  value: 'cdi',
  description:
    'cdi: an Opaque Secret with accessKeyId and secretKey, for a KubeVirt CDI registry source’s secretRef (one registry).',
};

/** Whether `--for cdi` was given; any other value is bad usage. */
export function forCdi(values: ParsedFlags['values']): boolean {
  const value = values.for as string | undefined;
  if (value === undefined) return false;
  if (value !== 'cdi') {
    throw new UsageError(
      `--for must be cdi, not "${value}".`,
      'Leave --for out for a kubernetes.io/dockerconfigjson pull Secret.',
    );
  }
  return true;
}

/** CDI reads one registry's login from its Secret: exactly one credential, or bad input. */
export function singleCdiCredential(credentials: readonly RegistryCredential[]): RegistryCredential {
  if (credentials.length !== 1) {
    throw new InvalidInputError(
      'CDI_ONE_REGISTRY',
      `A CDI Secret holds one registry's login, and ${credentials.length} were given.`,
      { hint: 'Make one Secret per registry, giving one {{registry}} each time.' },
    );
  }
  return credentials[0]!;
}
