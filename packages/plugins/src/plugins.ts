import type { ProviderPlugin } from '@pull-secret/dockerconfigjson';
import { acrPlugin } from '@pull-secret/provider-acr';
import { dockerHubPlugin } from '@pull-secret/provider-dockerhub';
import { ecrPlugin, ecrPublicPlugin } from '@pull-secret/provider-ecr';
import { gcrPlugin } from '@pull-secret/provider-gcr';
import { harborPlugin } from '@pull-secret/provider-harbor';
import { ovhPlugin } from '@pull-secret/provider-ovh';
import { ghcrPlugin, gitlabPlugin, quayPlugin } from '@pull-secret/provider-presets';

/**
 * The provider plugins the CLI and the Action offer, in auto-detection order (the first whose
 * `matches` accepts a host serves it). Adding a provider is one line here: its flags, Action inputs
 * and masking come from its descriptor. Descriptors load no SDK; each provider imports its own when called.
 */
export const PROVIDER_PLUGINS: readonly ProviderPlugin[] = [
  ecrPlugin,
  ecrPublicPlugin,
  gcrPlugin,
  acrPlugin,
  harborPlugin,
  ovhPlugin,
  dockerHubPlugin,
  ghcrPlugin,
  gitlabPlugin,
  quayPlugin,
];
