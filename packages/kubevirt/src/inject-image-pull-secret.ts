import type { DiskSource } from './find-disk-sources.js';
import type { DocumentContext } from './inject-context.js';
import { printable } from './printable.js';
import { stringAt } from './yaml-string.js';

/**
 * A containerDisk or kernel-boot container: kubelet pulls its image, so `imagePullSecret` names the
 * dockerconfigjson Secret, where kubelet's lookup would pick one of the logins for the image.
 */
export function injectImagePullSecret(source: DiskSource, context: DocumentContext): void {
  const { run } = context;
  const image = stringAt(source.map.get('image'));
  if (image === undefined || image === '') return;
  if (!run.pick(image)) {
    context.note(
      'skipped',
      'NO_MATCHING_CREDENTIAL',
      [...source.path, 'image'],
      `${printable(image)}: kubelet would use none of the logins given (${run.loginKeys}) for it, so it is left alone.`,
      'Give a login for its registry, or leave it if it is public.',
    );
    return;
  }
  if (context.reference(source, 'imagePullSecret', run.options.secretName, 'IMAGE_PULL_SECRET', 'Secret')) {
    context.needs().dockerConfigSecret = true;
  }
}
