import { InvalidInputError, parseRegistryKey } from '@pull-secret/dockerconfigjson';
import { printable } from './printable.js';

/**
 * The `kubectl patch` command that lets CDI import from `host[:port]` over plain HTTP or with an
 * untrusted certificate: CDI compares spec.config.insecureRegistries with the URL's `host[:port]`
 * exactly, so the entry is that and nothing else (no scheme, no path). A merge patch replaces the whole
 * list: give every entry it should have, those already there too.
 */
export function insecureRegistryPatch(hostPorts: readonly string[]): string {
  const hosts = hostPorts.map(checkedHostPort);
  const patch = JSON.stringify({ spec: { config: { insecureRegistries: [...new Set(hosts)] } } });
  return `kubectl patch cdi cdi --type merge -p '${patch}'`;
}

function checkedHostPort(hostPort: string): string {
  const { scheme, host, path } = parseRegistryKey(hostPort);
  if (scheme !== undefined || (path !== '' && path !== '/') || !/^[A-Za-z0-9.-]+(:[0-9]{1,5})?$/.test(host)) {
    throw new InvalidInputError(
      'INSECURE_REGISTRY_INVALID',
      `"${printable(hostPort)}" is not a registry host[:port]: CDI matches insecure registries on exactly that.`,
      { hint: 'Give it as it appears in the docker:// URL, e.g. registry.internal:5000.' },
    );
  }
  return host;
}
