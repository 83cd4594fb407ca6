import type { ProviderContext, ProviderOption } from '@pull-secret/dockerconfigjson';
import type { AwsIdentityInit } from './aws-credentials.js';

/** GitHub's ID token audience that AWS's OIDC provider for token.actions.githubusercontent.com expects. */
export const STS_AUDIENCE = 'sts.amazonaws.com';

/** The options both ECR plugins take: where the AWS identity comes from. */
export const AWS_OPTIONS: readonly ProviderOption[] = [
  {
    name: 'aws-region',
    description: 'AWS region of your own registry when no registry is named, and of STS.',
    env: ['AWS_REGION', 'AWS_DEFAULT_REGION'],
  },
  {
    name: 'aws-role-arn',
    description:
      'IAM role to assume: with a web identity token (GitHub OIDC in a workflow, or aws-web-identity-token-file), else with your AWS credentials.',
    env: ['AWS_ROLE_ARN'],
  },
  {
    name: 'aws-role-session-name',
    description: 'Session name for the assumed role, seen in CloudTrail.',
    env: ['AWS_ROLE_SESSION_NAME'],
    default: 'pull-secret',
  },
  {
    name: 'aws-web-identity-token-file',
    description: 'File holding an OpenID Connect token for aws-role-arn (EKS IRSA sets this).',
    env: ['AWS_WEB_IDENTITY_TOKEN_FILE'],
  },
];

/** The identity settings a plugin context asks for; GitHub's OIDC token when a role has no token file. */
export function awsIdentityFromContext(context: ProviderContext): AwsIdentityInit {
  const { options, idToken } = context;
  const roleArn = options['aws-role-arn'];
  const webIdentityTokenFile = options['aws-web-identity-token-file'];
  const init: AwsIdentityInit = { env: context.env };
  if (context.timeoutMs !== undefined) init.timeoutMs = context.timeoutMs;
  if (roleArn) init.roleArn = roleArn;
  if (options['aws-role-session-name']) init.roleSessionName = options['aws-role-session-name'];
  if (roleArn && webIdentityTokenFile) init.webIdentityTokenFile = webIdentityTokenFile;
  else if (roleArn && idToken) init.webIdentityToken = () => idToken(STS_AUDIENCE);
  return init;
}
