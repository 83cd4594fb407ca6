import { wordOptions } from '@pull-secret/dockerconfigjson';
import type { InjectNote } from '@pull-secret/kubevirt';
import { CLI_WORDING } from './option-wording.js';

/**
 * A note as one line on stderr, options worded as flags: `warning: vm.yaml#1 VirtualMachine/edge
 * spec.template: has domain … Fix: Move …`.
 */
export function formatInjectNote(note: InjectNote): string {
  const object = note.name ? `${note.kind}/${note.name}` : note.kind;
  const fix = note.fix ? ` Fix: ${wordOptions(note.fix, CLI_WORDING)}` : '';
  return `${note.level}: ${note.source}#${note.document} ${object} ${note.path}: ${wordOptions(note.message, CLI_WORDING)}${fix}\n`;
}
