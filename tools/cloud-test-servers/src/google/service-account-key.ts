import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface TestServiceAccountKey {
  email: string;
  /** The key file's content, as IAM hands it out (type service_account, PKCS#8 private key). */
  keyJson: string;
  /** For `startGoogleTestServer({ serviceAccounts })`. */
  publicKeyPem: string;
}

/** A fresh service account key pair and its JSON key file, in the shape `gcloud iam service-accounts keys create` writes. */
export function generateServiceAccountKey(
  email = 'puller@test-project.iam.gserviceaccount.com',
): TestServiceAccountKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const project = email.split('@')[1]?.split('.')[0] ?? 'test-project';
  const key = {
    type: 'service_account',
    project_id: project,
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
    client_id: String(100000000000000000000n + BigInt(`0x${randomBytes(8).toString('hex')}`)),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${encodeURIComponent(email)}`,
    universe_domain: 'googleapis.com',
  };
  return {
    email,
    keyJson: `${JSON.stringify(key, null, 2)}\n`,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}
