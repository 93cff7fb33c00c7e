// How deep a parsed JSON value nests, measured without recursion. JSON.parse reads
// 10^6 nested arrays fine, but JSON.stringify and every recursive reader then overflow
// the stack (`RangeError: Maximum call stack size exceeded`): values from outside
// (Patchwork answers, scenarios) are measured once, right after parsing, and refused.

/** True when `value` nests more than `max` arrays/objects deep (iterative, stops early). */
export function jsonDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}
