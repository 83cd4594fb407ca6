import type { AwsTestServer } from '@pull-secret/cloud-test-servers';
import { vi } from 'vitest';

export const ACCESS_KEY = {
  accessKeyId: 'AKIAPULLSECRETTEST01',
  secretAccessKey: 'CANARY-secret-key-0123456789abcdefghijk',
};

// Every AWS variable the SDK's default chain reads, so the machine's own configuration cannot leak in.
const AWS_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_ROLE_ARN',
  'AWS_ROLE_SESSION_NAME',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_USE_FIPS_ENDPOINT',
];

/**
 * Points the SDK at the test server through its standard variables (AWS_ENDPOINT_URL_ECR, …_ECR_PUBLIC,
 * …_STS), with no profile files and no instance metadata; `keys: false` leaves no static credentials.
 */
export function stubAwsEnv(server: AwsTestServer, { keys = true } = {}): void {
  for (const name of AWS_VARIABLES) vi.stubEnv(name, undefined);
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/aws-config');
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/aws-credentials');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_ENDPOINT_URL_ECR', server.url);
  vi.stubEnv('AWS_ENDPOINT_URL_ECR_PUBLIC', server.url);
  vi.stubEnv('AWS_ENDPOINT_URL_STS', server.url);
  if (keys) {
    vi.stubEnv('AWS_ACCESS_KEY_ID', ACCESS_KEY.accessKeyId);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', ACCESS_KEY.secretAccessKey);
  }
}
