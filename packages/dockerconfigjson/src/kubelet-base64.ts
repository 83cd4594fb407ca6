/**
 * Decodes base64 as kubelet decodes a `.dockerconfigjson` `auth` field: when the text (trimmed) ends in
 * `=` it must be complete padded base64, otherwise unpadded base64. Line breaks are ignored, as Go's
 * decoder ignores them; any other character outside the alphabet, such as a trailing space, is an error.
 * Returns undefined when the text is not valid.
 */
export function decodeKubeletBase64(text: string): Buffer | undefined {
  const padded = text.trim().endsWith('=');
  const body = text.replace(/[\r\n]/g, '');
  if (padded) {
    if (!/^[A-Za-z0-9+/]*={1,2}$/.test(body) || body.length % 4 !== 0) return undefined;
  } else if (!/^[A-Za-z0-9+/]*$/.test(body) || body.length % 4 === 1) {
    return undefined;
  }
  return Buffer.from(body, 'base64');
}
