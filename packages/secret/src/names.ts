import { InvalidInputError } from '@pull-secret/dockerconfigjson';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Throws unless `name` is a valid Secret name: a DNS-1123 subdomain of at most 253 characters. */
export function validateSecretName(name: string): void {
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    throw new InvalidInputError(
      'SECRET_NAME_INVALID',
      `"${name}" is not a valid Secret name: it must be at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.`,
      { hint: 'Use a name such as regcred or ghcr-pull.' },
    );
  }
}

/** Throws unless `namespace` is a valid namespace name: a DNS-1123 label of at most 63 characters. */
export function validateNamespace(namespace: string): void {
  if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    throw new InvalidInputError(
      'NAMESPACE_INVALID',
      `"${namespace}" is not a valid namespace: it must be at most 63 lower-case letters, digits and "-", starting and ending with a letter or digit.`,
      { hint: 'Check the {{namespaces}} value.', fields: { option: 'namespaces' } },
    );
  }
}

/** Throws unless `name` is a valid ServiceAccount name: a DNS-1123 subdomain of at most 253 characters. */
export function validateServiceAccountName(name: string): void {
  if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    throw new InvalidInputError(
      'SERVICE_ACCOUNT_NAME_INVALID',
      `"${name}" is not a valid ServiceAccount name: it must be at most 253 lower-case letters, digits, "-" and ".", starting and ending with a letter or digit.`,
      { hint: 'Check the {{service-accounts}} value, e.g. default.', fields: { option: 'service-accounts' } },
    );
  }
}
