import { describe, expect, it } from 'vitest';
import { awsChildEnv } from './aws-child-env.js';

describe('awsChildEnv', () => {
  it('points ECR and STS at the server, shuts out profiles and instance metadata, and adds keys only when given', () => {
    const bare = awsChildEnv('https://127.0.0.1:9');
    expect(bare).toMatchObject({
      AWS_ENDPOINT_URL_ECR: 'https://127.0.0.1:9',
      AWS_ENDPOINT_URL_STS: 'https://127.0.0.1:9',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    expect(bare.AWS_CONFIG_FILE).toMatch(/^\/nonexistent\//);
    expect(bare).not.toHaveProperty('AWS_ACCESS_KEY_ID');
    expect(awsChildEnv('u', { accessKeyId: 'AKIA1', secretAccessKey: 's' })).toMatchObject({
      AWS_ACCESS_KEY_ID: 'AKIA1',
      AWS_SECRET_ACCESS_KEY: 's',
    });
  });
});
