/**
 * The environment a child process (the built CLI) needs for the AWS SDK to talk to an AWS test server
 * at `url` and to nothing of this machine's AWS set-up: no profile files, no instance metadata. With
 * `key`, static credentials; without, the caller supplies an identity (web identity, OIDC).
 */
export function awsChildEnv(
  url: string,
  key?: { accessKeyId: string; secretAccessKey: string },
): Record<string, string> {
  return {
    AWS_CONFIG_FILE: '/nonexistent/config',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: url,
    AWS_ENDPOINT_URL_STS: url,
    ...(key ? { AWS_ACCESS_KEY_ID: key.accessKeyId, AWS_SECRET_ACCESS_KEY: key.secretAccessKey } : {}),
  };
}
