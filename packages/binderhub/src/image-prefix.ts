import { InvalidInputError, showUntrusted } from '@pull-secret/dockerconfigjson';
import type { BinderHubValuesInit } from './binderhub-values.js';
import { KIND_RULES, type RegistryKind } from './registry-kinds.js';

const DEFAULT_PREFIX = 'binder-';
// BinderHub takes a name of this shape for a Docker Hub one and every other for `<registry>/<rest>`.
const DOCKER_HUB_NAME = /^[a-z0-9]{4,40}\/[a-z0-9._-]{2,255}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

const prefixError = (code: string, message: string, hint: string) =>
  new InvalidInputError(code, message, { hint, fields: { option: 'image-prefix' } });

/**
 * The image prefix, whole or from its parts, checked against what BinderHub does with it: the build's
 * image is `<prefix><slug>:<ref>`, and the `binder` pod looks it up as the name after the first `/`
 * (or whole, for a name shaped as Docker Hub's), so the prefix must start with the login's registry and
 * have the levels the registry kind needs.
 */
export function resolveImagePrefix(init: BinderHubValuesInit, kind: RegistryKind, host: string): string {
  const rule = KIND_RULES[kind];
  const parts = init.project !== undefined || init.repository !== undefined || init.prefix !== undefined;
  if (init.imagePrefix !== undefined && parts) {
    throw prefixError(
      'BINDERHUB_PREFIX_TWICE',
      'The image prefix is given both whole and in parts.',
      'Give {{image-prefix}}, or {{project}} (and {{repository}}) with {{prefix}}, not both.',
    );
  }
  if (init.imagePrefix === undefined && !parts) {
    throw prefixError(
      'BINDERHUB_NO_PREFIX',
      'There is no image prefix for the images BinderHub builds.',
      `Give {{image-prefix}} shaped ${rule.shape}, or its parts with {{project}} and {{prefix}}.`,
    );
  }
  const imagePrefix =
    init.imagePrefix ??
    rule.compose({
      host,
      project: init.project,
      repository: init.repository,
      prefix: init.prefix ?? DEFAULT_PREFIX,
    });
  const shown = showUntrusted(imagePrefix);
  let path = imagePrefix;
  if (kind !== 'dockerhub') {
    const slash = imagePrefix.indexOf('/');
    const prefixHost = slash === -1 ? imagePrefix : imagePrefix.slice(0, slash);
    if (prefixHost.toLowerCase() !== host) {
      throw prefixError(
        'BINDERHUB_PREFIX_OTHER_REGISTRY',
        `The image prefix "${shown}" does not start with the registry ${showUntrusted(host)} the build login is for.`,
        `Start {{image-prefix}} with ${showUntrusted(host)}/, shaped ${rule.shape}.`,
      );
    }
    path = slash === -1 ? '' : imagePrefix.slice(slash + 1);
  } else if (/^[^/]*[.:]/.test(imagePrefix) || imagePrefix.startsWith('docker.io/')) {
    throw prefixError(
      'BINDERHUB_PREFIX_DOCKER_HUB_HOST',
      `The Docker Hub image prefix "${shown}" names a registry host; BinderHub's check finds Docker Hub images only without one.`,
      'Shape {{image-prefix}} as <namespace>/<prefix>-, with no host.',
    );
  }
  const segments = path.split('/');
  const depth = path === '' ? 0 : segments.length;
  if (depth < rule.depth.min || (rule.depth.max !== undefined && depth > rule.depth.max)) {
    throw prefixError(
      'BINDERHUB_PREFIX_DEPTH',
      `The image prefix "${shown}" has ${depth} level${depth === 1 ? '' : 's'} after the host, but ${rule.title} needs ${rule.depth.max === rule.depth.min ? '' : 'at least '}${rule.depth.min}.`,
      `Shape {{image-prefix}} as ${rule.shape}; a prefix one level short makes BinderHub look for images the registry never holds, so every launch rebuilds.`,
    );
  }
  // Every level but the last is a whole repository path component; the last has the slug appended.
  const last = segments.length - 1;
  segments.forEach((segment, index) => {
    const checked = index === last ? `${segment}x` : segment;
    if (!PATH_COMPONENT.test(checked)) {
      throw prefixError(
        'BINDERHUB_PREFIX_INVALID',
        `The image prefix "${shown}" is no repository path: "${showUntrusted(segment)}" is not a lowercase name.`,
        'Use lowercase letters, digits and single ".", "_" or "-" between them in {{image-prefix}}.',
      );
    }
  });
  if (kind === 'dockerhub' && !DOCKER_HUB_NAME.test(`${path}xx`)) {
    throw prefixError(
      'BINDERHUB_DOCKER_HUB_NAMESPACE',
      `The Docker Hub namespace "${showUntrusted(segments[0] ?? '')}" is not 4 to 40 lowercase letters and digits, so BinderHub never finds the images it pushed there.`,
      'Use a Docker ID or organization of 4 to 40 letters and digits in {{image-prefix}}.',
    );
  }
  return imagePrefix;
}
