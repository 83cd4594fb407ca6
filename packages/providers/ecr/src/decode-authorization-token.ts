import { PullSecretError } from '@pull-secret/dockerconfigjson';

/** ECR's `authorizationToken`, base64 of `AWS:<password>`, as a login; split at the first colon. */
export function decodeAuthorizationToken(token: string | undefined): { username: string; password: string } {
  const decoded = token ? Buffer.from(token, 'base64').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) {
    throw new PullSecretError(
      'ECR_BAD_TOKEN',
      'ECR returned an authorization token that is not base64 of user:password.',
      {
        hint: 'Check AWS_ENDPOINT_URL_ECR and AWS_ENDPOINT_URL_ECR_PUBLIC: the endpoint answering is not ECR.',
      },
    );
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
