/** Rows as kubectl prints them: columns padded to their widest cell, three spaces apart, a newline after each. */
export function formatTable(rows: readonly (readonly string[])[]): string {
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
