import { isScalar } from 'yaml';

/** A string value of a YAML node or parsed value; anything else (a number, a map, null) is undefined. */
export function stringAt(value: unknown): string | undefined {
  if (isScalar(value)) return stringAt(value.value);
  return typeof value === 'string' ? value : undefined;
}
