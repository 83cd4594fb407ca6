import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { AWS_OPTIONS, awsIdentityFromContext } from './aws-options.js';
import { fromEcr } from './from-ecr.js';
import { parseEcrHost } from './parse-ecr-host.js';

/** `--provider ecr`: private Amazon ECR registries, detected from `ACCOUNT.dkr.ecr.REGION.amazonaws.com`. */
export const ecrPlugin: ProviderPlugin = {
  name: 'ecr',
  description: 'Amazon ECR private registries: a 12-hour token from GetAuthorizationToken.',
  matches: (host) => parseEcrHost(host) !== undefined,
  options: AWS_OPTIONS,
  create(context) {
    const region = context.options['aws-region'];
    return fromEcr({
      ...awsIdentityFromContext(context),
      registries: context.registries,
      ...(region ? { region } : {}),
    });
  },
};
