/**
 * Text from a manifest shown in a message or a note: control characters escaped, so that a value can
 * neither fake terminal output nor a workflow command; long values cut.
 */
export function printable(text: string, max = 200): string {
  const short = text.length > max ? `${text.slice(0, max)}…` : text;
  return short.replace(
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
