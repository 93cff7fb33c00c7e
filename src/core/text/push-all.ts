// out.push(...items) without the spread: a spread passes every item as an argument, and past
// ~120,000 of them V8 throws "RangeError: Maximum call stack size exceeded". Lists whose length
// the input sets (diagnostics, declarators, mails, findings) are appended with this instead.

/** Appends items to out in place and returns out. */
export function pushAll<T>(out: T[], items: Iterable<T>): T[] {
  for (const item of items) out.push(item);
  return out;
}
