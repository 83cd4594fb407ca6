import { displayRegistryKey, showUntrusted } from '@pull-secret/dockerconfigjson';
import type { NamespaceResult } from '@pull-secret/secret';

export interface SummaryInput {
  secretName: string;
  mode: 'apply' | 'manifest' | 'kubevirt';
  dryRun: 'none' | 'client' | 'server';
  registries: readonly string[];
  expiresAt?: string;
  /** `outcome` is an apply outcome, or `written` in manifest mode. */
  namespaces: readonly (Pick<NamespaceResult, 'namespace' | 'reason' | 'serviceAccounts'> & {
    outcome: string;
  })[];
}

/** The job summary in Markdown: registries, expiry, and a row per namespace. Holds no secret. */
export function jobSummary(summary: SummaryInput): string {
  const mode =
    summary.mode !== 'apply'
      ? summary.mode
      : summary.dryRun === 'none'
        ? 'apply'
        : `apply, dry run (${summary.dryRun})`;
  const rows = summary.namespaces.map(({ namespace, outcome, reason, serviceAccounts }) =>
    [
      namespace,
      outcome,
      serviceAccounts.map((sa) => `${sa.name} (${sa.outcome})`).join(', '),
      reason ?? '',
    ].map(cell),
  );
  return [
    `### pull-secret: \`${summary.secretName}\` (${mode})`,
    '',
    `- Registries: ${summary.registries.map((registry) => cell(displayRegistryKey(registry))).join(', ')}`,
    `- Expires: ${summary.expiresAt ?? 'never'}`,
    '',
    '| Namespace | Result | ServiceAccounts | Reason |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.join(' | ')} |`),
    '',
  ].join('\n');
}

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text from outside (API-server reasons, keys) in Markdown: one line with control characters escaped,
 * and the characters that would end a table cell, open a code span or start HTML escaped.
 */
function cell(text: string): string {
  return showUntrusted(text).replace(/[|`\\<>&]/g, (c) => HTML[c] ?? `\\${c}`);
}
