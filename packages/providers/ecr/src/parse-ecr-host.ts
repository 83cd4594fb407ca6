import { normalizeRegistryKey } from '@pull-secret/dockerconfigjson';

/** A private ECR registry, as its host names it. */
export interface EcrRegistry {
  /** The `auths` key: the registry as the user gave it, scheme and trailing slash dropped. */
  registry: string;
  /** The 12-digit AWS account that owns the registry. */
  accountId: string;
  region: string;
  /** `dkr.ecr-fips` / `dkr-ecr-fips`: the token is fetched from the FIPS endpoint too. */
  fips: boolean;
}

// The pattern of AWS's ECR credential helper and kubelet's ecr-credential-provider (2026): a 12-digit
// account, dkr.ecr or dual-stack dkr-ecr, optional -fips, a region, and one of the partitions' domains.
const ECR_HOST =
  /^(\d{12})\.dkr[.-]ecr(-fips)?\.([a-zA-Z0-9][a-zA-Z0-9_-]*)\.(amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/;

/** ECR Public's registry host and its dual-stack name; its tokens come from us-east-1 only. */
export const ECR_PUBLIC_HOSTS: readonly string[] = ['public.ecr.aws', 'ecr-public.aws.com'];
export const ECR_PUBLIC_REGION = 'us-east-1';

/**
 * The account and region of a private ECR registry (`host[/path]`, maybe with `https://`), or undefined
 * when it is not one. Hosts with a port are not ECR.
 */
export function parseEcrHost(registry: string): EcrRegistry | undefined {
  const key = normalizeRegistryKey(registry);
  const match = ECR_HOST.exec(key.split('/')[0]!.toLowerCase());
  if (!match) return undefined;
  return { registry: key, accountId: match[1]!, region: match[3]!, fips: match[2] !== undefined };
}

/** Whether `registry` (`host[/path]`, maybe with `https://`) is ECR Public. */
export function isEcrPublicHost(registry: string): boolean {
  const host = normalizeRegistryKey(registry).split('/')[0]!.toLowerCase();
  return ECR_PUBLIC_HOSTS.includes(host);
}
