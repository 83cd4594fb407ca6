import {
  EXPIRES_AT_ANNOTATION,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  PROVIDER_ANNOTATION,
  REGISTRIES_ANNOTATION,
} from './conventions.js';
import { connectKubeApi, type KubeApi, type KubeApiInit } from './kube-api.js';

export interface ManagedPullSecret {
  namespace: string;
  name: string;
  registries: string[];
  provider?: string;
  /** RFC 3339, when a credential in it expires. */
  expiresAt?: string;
  /** ServiceAccounts in the same namespace whose imagePullSecrets name it. */
  serviceAccounts: string[];
}

/**
 * The Secrets pull-secret manages (its managed-by label) in one namespace, or in all when `namespace`
 * is undefined, with the ServiceAccounts that reference each. Two list calls, whatever the count.
 */
export async function listManagedPullSecrets(
  kube: KubeApi | KubeApiInit,
  namespace: string | undefined,
): Promise<ManagedPullSecret[]> {
  const api = 'readSecret' in kube ? kube : await connectKubeApi(kube);
  const [secrets, serviceAccounts] = await Promise.all([
    api.listSecrets(namespace, `${MANAGED_BY_LABEL}=${MANAGED_BY_VALUE}`),
    api.listServiceAccounts(namespace),
  ]);
  const referencing = new Map<string, string[]>();
  for (const account of serviceAccounts) {
    for (const reference of account.imagePullSecrets ?? []) {
      const key = `${account.metadata.namespace}/${reference.name}`;
      referencing.set(key, [...(referencing.get(key) ?? []), account.metadata.name]);
    }
  }
  return secrets
    .map((secret) => {
      const annotations = secret.metadata.annotations ?? {};
      const row: ManagedPullSecret = {
        namespace: secret.metadata.namespace ?? '',
        name: secret.metadata.name,
        registries: annotations[REGISTRIES_ANNOTATION]?.split(',').filter(Boolean) ?? [],
        serviceAccounts: (
          referencing.get(`${secret.metadata.namespace}/${secret.metadata.name}`) ?? []
        ).sort(),
      };
      if (annotations[PROVIDER_ANNOTATION]) row.provider = annotations[PROVIDER_ANNOTATION];
      if (annotations[EXPIRES_AT_ANNOTATION]) row.expiresAt = annotations[EXPIRES_AT_ANNOTATION];
      return row;
    })
    .sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
