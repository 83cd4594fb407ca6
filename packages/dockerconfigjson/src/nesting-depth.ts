/**
 * The deepest any input may nest objects and arrays. A Secret manifest in a `List` is about 6 deep; code
 * that walks parsed input recursively (printing, copying, JSON.stringify) overflows the stack somewhere
 * past ten thousand, so far deeper input is refused as bad input before anything walks it.
 */
export const MAX_NESTING_DEPTH = 100;

/** Whether `value` nests objects or arrays more than `max` deep; iterative, so any depth is safe to ask. */
export function nestsDeeperThan(value: unknown, max = MAX_NESTING_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    if (depth + 1 > max) return true;
    // YAML aliases share nodes; each is walked once.
    seen.add(current);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return false;
}
