import type { CredentialRecipe, RegistryCredential } from '@pull-secret/dockerconfigjson';
import type { NamespaceReferences } from '@pull-secret/kubevirt';
import {
  caConfigMap,
  cdiRegistrySecret,
  dockerConfigSecret,
  type ManagedObject,
  type ManagedShape,
} from '@pull-secret/secret';

export interface ReferencedObjectsInit {
  secretName: string;
  caConfigMapName: string;
  credentials: readonly RegistryCredential[];
  provider: string;
  recipes: Record<string, CredentialRecipe>;
  /** The CA bundle (PEM) for the ConfigMap, when one is referenced. */
  ca?: string;
}

/** One object the patched manifests name, as a shape for the writer. */
export interface ReferencedObject {
  namespace: string | undefined;
  shape: ManagedShape<ManagedObject>;
}

/**
 * The Secrets and ConfigMap the patched manifests name, in each namespace that names them: the
 * dockerconfigjson Secret, each CDI Secret (one login), the CA ConfigMap.
 */
export function referencedObjects(
  references: readonly NamespaceReferences[],
  init: ReferencedObjectsInit,
): ReferencedObject[] {
  const objects: ReferencedObject[] = [];
  for (const { namespace, dockerConfigSecret: pull, cdiSecrets, caConfigMap: ca } of references) {
    if (pull) {
      const shape = dockerConfigSecret({
        name: init.secretName,
        credentials: init.credentials,
        provider: init.provider,
        recipes: init.recipes,
      });
      objects.push({ namespace, shape: shape as ManagedShape<ManagedObject> });
    }
    for (const cdi of cdiSecrets) {
      objects.push({
        namespace,
        shape: cdiRegistrySecret(cdi.credential, { name: cdi.name }) as ManagedShape<ManagedObject>,
      });
    }
    if (ca && init.ca !== undefined) {
      objects.push({
        namespace,
        shape: caConfigMap(init.ca, { name: init.caConfigMapName }) as ManagedShape<ManagedObject>,
      });
    }
  }
  return objects;
}

/** The manifest of a referenced object, to print: with no namespace when the documents name none. */
export function referencedManifest(object: ReferencedObject): ManagedObject {
  const { desired } = object.shape.create(object.namespace ?? '');
  if (object.namespace !== undefined) return desired;
  const { namespace: _, ...metadata } = desired.metadata;
  return { ...desired, metadata } as ManagedObject;
}
