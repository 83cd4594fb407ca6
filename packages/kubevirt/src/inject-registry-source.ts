import { parseImageReference } from '@pull-secret/dockerconfigjson';
import type { DiskSource } from './find-disk-sources.js';
import type { DocumentContext } from './inject-context.js';
import { printable } from './printable.js';
import { parseRegistrySourceUrl } from './registry-source-url.js';
import { stringAt } from './yaml-string.js';

/**
 * A CDI registry source (`source.registry` of a DataVolume spec): CDI's importer pulls the URL's image
 * with the login in the Opaque Secret `secretRef` names, trusting the CA in the ConfigMap
 * `certConfigMap` names. Sources that will not import as written get a warning with the fix.
 */
export function injectRegistrySource(source: DiskSource, context: DocumentContext): void {
  const { run } = context;
  const url = stringAt(source.map.get('url'));
  const imageStream = stringAt(source.map.get('imageStream'));
  const pullMethod = stringAt(source.map.get('pullMethod'));
  if (url !== undefined && imageStream !== undefined) {
    context.note(
      'warning',
      'URL_AND_IMAGE_STREAM',
      source.path,
      'sets both url and imageStream, and CDI refuses a registry source with both.',
      'Keep one: url for a registry image, imageStream (with pullMethod: node) for an OpenShift image stream.',
    );
  }
  if (imageStream !== undefined && pullMethod !== 'node') {
    context.note(
      'warning',
      'IMAGE_STREAM_WITHOUT_NODE_PULL',
      [...source.path, 'imageStream'],
      'an imageStream is imported only with pullMethod: node, which this source does not set.',
      'Add pullMethod: node next to imageStream.',
    );
  }
  if (url === undefined || url === '') return;
  const parsed = parseRegistrySourceUrl(url);
  const urlPath = [...source.path, 'url'];
  if (parsed.scheme === undefined) {
    context.note(
      'warning',
      'REGISTRY_URL_NO_SCHEME',
      urlPath,
      `${printable(url)} has no docker:// or oci-archive:// prefix, and CDI refuses it.`,
      `Write url: docker://${printable(url)}.`,
    );
  } else if (parsed.scheme === 'oci-archive') {
    context.note(
      'skipped',
      'NO_REGISTRY_LOGIN',
      urlPath,
      `${printable(url)} is an archive, not a registry pull: no login is used.`,
    );
    return;
  }
  const credential = run.pick(parsed.image);
  if (pullMethod === 'node') {
    const secret = credential ? run.options.secretName : 'NAME';
    context.note(
      'warning',
      'PULL_METHOD_NODE',
      [...source.path, 'pullMethod'],
      'pullMethod: node makes the node (kubelet) pull the image, so secretRef is not used: the node’s own registry credentials or the Secrets in the CDI resource’s spec.config.imagePullSecrets apply.',
      `Name ${credential ? secret : 'a dockerconfigjson pull Secret'} in spec.config.imagePullSecrets (kubectl patch cdi cdi --type merge -p '{"spec":{"config":{"imagePullSecrets":[{"name":"${secret}"}]}}}'), or drop pullMethod: node to import with secretRef.`,
    );
    return;
  }
  const existing = stringAt(source.map.get('secretRef'));
  const warnDockerConfig = (ours: string | undefined) => {
    if (existing === undefined || !run.dockerConfigSecrets.has(existing)) return;
    context.note(
      'warning',
      'SECRET_REF_IS_DOCKER_CONFIG',
      [...source.path, 'secretRef'],
      `names ${printable(existing)}, a kubernetes.io/dockerconfigjson Secret, but CDI reads only accessKeyId and secretKey from an Opaque Secret.`,
      ours
        ? `Pass {{overwrite}} to name the CDI Secret ${ours} instead.`
        : 'Name an Opaque Secret with accessKeyId and secretKey (pull-secret makes one for CDI).',
    );
  };
  if (!credential) {
    context.note(
      'skipped',
      'NO_MATCHING_CREDENTIAL',
      urlPath,
      `${printable(url)}: none of the logins given (${run.loginKeys}) is for its registry, so it is left alone.`,
      'Give a login for its registry, or leave it if it is public.',
    );
    warnDockerConfig(undefined);
    return;
  }
  const cdiName = run.cdiSecretName(credential);
  if (existing !== cdiName && !run.options.overwrite) warnDockerConfig(cdiName);
  if (context.reference(source, 'secretRef', cdiName, 'SECRET_REF', 'CDI Secret')) {
    const needs = context.needs();
    if (!needs.cdiSecrets.some((cdi) => cdi.name === cdiName))
      needs.cdiSecrets.push({ name: cdiName, credential });
  }
  const ca = run.options.caConfigMapName;
  if (ca !== undefined && context.reference(source, 'certConfigMap', ca, 'CERT_CONFIG_MAP', 'ConfigMap')) {
    const needs = context.needs();
    needs.caConfigMap = true;
    const { domain } = parseImageReference(parsed.image);
    if (!needs.caRegistries.includes(domain)) needs.caRegistries.push(domain);
  }
}
