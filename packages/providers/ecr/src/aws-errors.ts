import {
  CredentialUnavailableError,
  InvalidInputError,
  PullSecretError,
} from '@pull-secret/dockerconfigjson';

const REJECTED_CREDENTIALS = new Set([
  'InvalidSignatureException',
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
]);

/** What to grant for each call that can be denied. */
const PERMISSION_HINTS: Record<string, string> = {
  'ecr:GetAuthorizationToken':
    'Allow ecr:GetAuthorizationToken on Resource "*" in an IAM policy of this identity; pulling also needs ecr:BatchGetImage and ecr:GetDownloadUrlForLayer on the repositories.',
  'ecr-public:GetAuthorizationToken':
    'Allow ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken on Resource "*" in an IAM policy of this identity.',
};

/**
 * An SDK failure as an error the user can act on: no credentials anywhere (CredentialUnavailableError,
 * so a chain moves on), a missing permission named by its IAM action, rejected keys, a missing region.
 * AWS's own message is kept only where it holds no credential.
 */
export function awsError(error: unknown, action: string, region: string | undefined): Error {
  if (error instanceof PullSecretError) return error;
  const name = (error as { name?: string }).name ?? 'Error';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new CredentialUnavailableError(
      'ECR_NO_AWS_CREDENTIALS',
      'No AWS credentials were found to ask ECR for a token.',
      {
        hint: 'Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or a role with {{aws-role-arn}} (AWS_ROLE_ARN) and a web identity token (in GitHub Actions give the job "permissions: id-token: write"); on EKS, EC2 and ECS the SDK finds the workload identity itself.',
        cause: error,
      },
    );
  }
  if (/Region is missing/i.test(message)) {
    return new InvalidInputError('ECR_NO_REGION', 'No AWS region is known for the default ECR registry.', {
      hint: 'Name the registry with {{registry}} as ACCOUNT.dkr.ecr.REGION.amazonaws.com, or set {{aws-region}} or AWS_REGION.',
      cause: error,
    });
  }
  // The SDK's default chain assumes AWS_ROLE_ARN with AWS_WEB_IDENTITY_TOKEN_FILE itself.
  const refused = webIdentityTokenRefused(error, 'sts:AssumeRoleWithWebIdentity');
  if (refused) return refused;
  const where = region ? ` in ${region}` : '';
  if (name === 'AccessDeniedException') {
    return new PullSecretError('ECR_ACCESS_DENIED', `AWS denied ${action}${where} to this identity.`, {
      hint: PERMISSION_HINTS[action] ?? `Allow ${action} in an IAM policy of this identity.`,
      cause: error,
    });
  }
  if (REJECTED_CREDENTIALS.has(name)) {
    return new PullSecretError(
      'ECR_AWS_CREDENTIALS_REJECTED',
      `AWS rejected the credentials for ${action}${where} (${name}).`,
      {
        hint: 'Check AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, or renew expired temporary credentials.',
        cause: error,
      },
    );
  }
  return new PullSecretError('ECR_REQUEST_FAILED', `${action}${where} failed: ${name}: ${message}`, {
    hint: 'Check the network path to AWS, the region, and AWS_ENDPOINT_URL_* overrides.',
    cause: error,
  });
}

// STS's error codes for a web identity token it will not take; the SDK names them with "Exception".
const WEB_IDENTITY_TOKEN_REFUSED = new Set([
  'InvalidIdentityToken',
  'InvalidIdentityTokenException',
  'IDPRejectedClaim',
  'IDPRejectedClaimException',
]);

/**
 * STS refused the web identity token itself (InvalidIdentityTokenException): an OIDC set-up problem,
 * not the network's. `what` names the call (`sts:AssumeRoleWithWebIdentity on ROLE`).
 */
export function webIdentityTokenRefused(error: unknown, what: string): PullSecretError | undefined {
  const name = (error as { name?: unknown })?.name;
  const code = (error as { Code?: unknown })?.Code;
  const refused = [name, code].find(
    (value) => typeof value === 'string' && WEB_IDENTITY_TOKEN_REFUSED.has(value),
  );
  if (refused === undefined) return undefined;
  return new PullSecretError(
    'ECR_WEB_IDENTITY_TOKEN_REFUSED',
    `AWS STS refused the web identity token for ${what} (${String(name ?? refused)}).`,
    {
      hint: "Check the OIDC set-up: the AWS account needs an IAM OIDC identity provider for the token's issuer (token.actions.githubusercontent.com for GitHub Actions) with audience sts.amazonaws.com, and the role's trust policy must allow that provider with a sub condition matching this repository and branch.",
      cause: error,
    },
  );
}
