// Structural equality of two type definitions, ignoring where they were
// written: the same header reached through two include paths is not a
// redefinition, a struct whose members changed is.

const IGNORED = new Set(['loc', 'nameLoc', 'doc', 'text']);

/** Whether a and b describe the same definition (locations, docs and spellings ignored). */
export function sameDefinition(a: unknown, b: unknown): boolean {
  return equal(a, b, 0);
}

function equal(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (depth > 200 || typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => equal(x, bb[i], depth + 1));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)].filter((k) => !IGNORED.has(k)));
  for (const k of keys) {
    if (!equal(ao[k], bo[k], depth + 1)) return false;
  }
  return true;
}
