import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { AWS_OPTIONS, awsIdentityFromContext } from './aws-options.js';
import { fromEcrPublic } from './from-ecr-public.js';
import { isEcrPublicHost } from './parse-ecr-host.js';

/** `--provider ecr-public`: ECR Public, `public.ecr.aws`, for authenticated pulls and their higher limits. */
export const ecrPublicPlugin: ProviderPlugin = {
  name: 'ecr-public',
  description: 'Amazon ECR Public (public.ecr.aws): a 12-hour token from us-east-1.',
  matches: isEcrPublicHost,
  options: AWS_OPTIONS,
  create(context) {
    return fromEcrPublic({ ...awsIdentityFromContext(context), registries: context.registries });
  },
};
