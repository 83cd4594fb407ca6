/**
 * What --debug prints for an error: its stack, then each cause's (the socket's, TLS's or an exec
 * plugin's error under "no such host" or "unknown authority").
 */
export function debugTrace(error: unknown): string {
  const lines: string[] = [];
  for (let at = error, depth = 0; at !== undefined && depth < 5; at = (at as Error).cause, depth++) {
    const text = at instanceof Error ? (at.stack ?? `${at.name}: ${at.message}`) : String(at);
    const code = (at as { code?: unknown }).code;
    lines.push(
      `${depth === 0 ? '' : 'caused by: '}${text}${typeof code === 'string' && !text.includes(code) ? ` (code ${code})` : ''}`,
    );
    if (!(at instanceof Error)) break;
  }
  return `${lines.join('\n')}\n`;
}
