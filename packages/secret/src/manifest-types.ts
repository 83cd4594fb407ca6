/** The fields of a Kubernetes object's metadata that pull-secret reads and writes. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  resourceVersion?: string;
  [field: string]: unknown;
}

export interface SecretManifest {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: ObjectMeta;
  type: string;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [field: string]: unknown;
}

export interface ServiceAccountManifest {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
  metadata: ObjectMeta;
  imagePullSecrets?: { name: string }[];
  [field: string]: unknown;
}

export interface ConfigMapManifest {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: ObjectMeta;
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  [field: string]: unknown;
}

/** A coordination.k8s.io/v1 Lease: times are RFC 3339 with microseconds, as the API keeps them. */
export interface LeaseManifest {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: ObjectMeta;
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
  };
}
