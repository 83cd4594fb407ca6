import {
  displayRegistryKey,
  InvalidInputError,
  type RegistryCredential,
} from '@pull-secret/dockerconfigjson';
import { type ManagedShape, managedLabels, replaceData } from './managed-shape.js';
import type { SecretManifest } from './manifest-types.js';
import { validateSecretName } from './names.js';

export const CDI_ACCESS_KEY_ID = 'accessKeyId';
export const CDI_SECRET_KEY = 'secretKey';

/**
 * The Secret a CDI DataVolume's registry source names in `secretRef`: `type: Opaque`, the username as
 * `accessKeyId` and the password as `secretKey`. Replaced whole on update. A trailing newline (a token
 * read from a file) is dropped: CDI sends the value as it is, and the registry would refuse it.
 */
export function cdiRegistrySecret(
  credential: RegistryCredential,
  target: { name: string },
): ManagedShape<SecretManifest> {
  validateSecretName(target.name);
  const username = withoutTrailingNewline(credential.username);
  const password = withoutTrailingNewline(credential.password);
  if (username === '' || password === '') {
    throw new InvalidInputError(
      'CDI_CREDENTIAL_EMPTY',
      `The credential for ${displayRegistryKey(credential.registry)} has an empty ${username === '' ? 'username' : 'password'}.`,
      { hint: 'Give both {{username}} and {{password}}.' },
    );
  }
  const build = (namespace: string): SecretManifest => ({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: target.name, namespace, labels: managedLabels() },
    type: 'Opaque',
    data: {
      [CDI_ACCESS_KEY_ID]: Buffer.from(username, 'utf8').toString('base64'),
      [CDI_SECRET_KEY]: Buffer.from(password, 'utf8').toString('base64'),
    },
  });
  return {
    resource: 'secrets',
    name: target.name,
    create: (namespace) => ({
      desired: build(namespace),
      changes: [`+ data ${CDI_ACCESS_KEY_ID}`, `+ data ${CDI_SECRET_KEY}`],
      items: [CDI_ACCESS_KEY_ID, CDI_SECRET_KEY],
    }),
    incompatible: (existing) =>
      (existing.type ?? 'Opaque') === 'Opaque'
        ? undefined
        : `secret "${target.name}" exists with type ${existing.type}, and a Secret's type cannot change; delete it or choose another name`,
    update: (namespace, existing) => replaceData(existing, build(namespace)),
  };
}

function withoutTrailingNewline(value: string): string {
  return value.replace(/[\r\n]+$/, '');
}
