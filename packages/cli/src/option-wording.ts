import type { OptionWording } from '@pull-secret/dockerconfigjson';

/** The neutral option names whose flag is not simply `--NAME`. */
const FLAGS: Readonly<Record<string, string>> = {
  registry: '--server',
  'docker-config': '--from-docker-config',
  namespaces: '-n',
  'exclude-namespaces': '--exclude-namespace',
  'service-accounts': '--service-account',
};

/** How the CLI names a library option in messages and hints: as its flag (`{{force}}` → `--force`). */
export const cliWording: OptionWording = (option) => FLAGS[option] ?? `--${option}`;
