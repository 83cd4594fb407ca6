import { showUntrusted } from '@pull-secret/dockerconfigjson';

/**
 * Rows as kubectl prints them: columns padded to their widest cell, three spaces apart, a newline after
 * each. Cells hold text from files and the cluster, so each is shown with control characters escaped:
 * a crafted username can neither add rows nor move the cursor.
 */
export function formatTable(unsafeRows: readonly (readonly string[])[]): string {
  const rows = unsafeRows.map((row) => row.map(showUntrusted));
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, i) => cell.padEnd(widths[i]!))
          .join('   ')
          .trimEnd()}\n`,
    )
    .join('');
}
