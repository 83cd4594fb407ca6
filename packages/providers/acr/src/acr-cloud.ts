/** Where an Azure cloud signs in, manages resources, and what audience its registries accept. */
export interface AzureCloud {
  /** The `*.azurecr.*` suffix of its registries' login servers. */
  registrySuffix: string;
  authorityHost: string;
  armEndpoint: string;
  /** The scope of the Entra ID token ACR's `/oauth2/exchange` takes. */
  acrScope: string;
}

/**
 * The clouds that run ACR: public, Azure China (21Vianet) and Azure US Government. Azure Germany
 * (`azurecr.de`) closed in 2021, so its hosts are not claimed.
 */
export const AZURE_CLOUDS: readonly AzureCloud[] = [
  {
    registrySuffix: '.azurecr.io',
    authorityHost: 'https://login.microsoftonline.com',
    armEndpoint: 'https://management.azure.com',
    acrScope: 'https://containerregistry.azure.net/.default',
  },
  {
    registrySuffix: '.azurecr.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    acrScope: 'https://containerregistry.azure.cn/.default',
  },
  {
    registrySuffix: '.azurecr.us',
    authorityHost: 'https://login.microsoftonline.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    acrScope: 'https://containerregistry.azure.us/.default',
  },
];

/**
 * The login server of a registry as the user wrote it: scheme, path and a `:443` port dropped,
 * lower-cased. `https://MyReg.azurecr.io/team/app` is `myreg.azurecr.io`.
 */
export function loginServerOf(registry: string): string {
  const host = registry
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .split('/')[0]!
    .toLowerCase();
  return host.replace(/:443$/, '');
}

/** The cloud whose registries' hosts end like this one (geo-replicas `r.westeurope.geo.azurecr.io` too). */
export function acrCloudOf(registry: string): AzureCloud | undefined {
  const host = loginServerOf(registry).replace(/:\d+$/, '');
  return AZURE_CLOUDS.find(
    (cloud) => host.endsWith(cloud.registrySuffix) && host.length > cloud.registrySuffix.length,
  );
}

/** True when `host` is an Azure Container Registry login server: auto-detection for the CLI and the Action. */
export function isAcrHost(host: string): boolean {
  return acrCloudOf(host) !== undefined;
}
