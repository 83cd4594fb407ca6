import { encodeDockerConfigJson, type RegistryCredential, secretForms } from '@pull-secret/dockerconfigjson';

/**
 * Every form in which the credentials could reach a log, to be masked before any log line: each
 * password, base64 of `user:password`, each line of a multi-line password (a Google key), their JSON
 * escapes, and the whole `.dockerconfigjson`, as base64 and JSON-escaped.
 */
export function credentialMasks(credentials: readonly RegistryCredential[]): string[] {
  const forms = credentials.flatMap(secretForms);
  if (credentials.length > 0) {
    const dockerConfigJson = encodeDockerConfigJson(credentials);
    forms.push(
      Buffer.from(dockerConfigJson).toString('base64'),
      JSON.stringify(dockerConfigJson).slice(1, -1),
    );
  }
  return [...new Set(forms)];
}
