// What a long-held list or string costs in V8, cut to its content: an array grown by push keeps
// the capacity it grew to (17 slots for 3 members: ~150 bytes instead of 40), and a message
// built from a template is a tree of concatenations (a 165-character finding ~290 bytes, flat ~237).
// Used where a run holds tens of thousands of them until it ends (layouts, findings: issue 17).

/** `list` with its backing store no larger than its length (the same array when empty). */
export function exactArray<T>(list: T[]): T[] {
  // slice() allocates exactly `length` slots; an empty list keeps V8's shared empty store.
  return list.length === 0 ? list : list.slice();
}

/** Makes V8 store `text` as one flat string (in place) and returns it; the pieces it was
 *  concatenated from are then garbage unless something else holds them. */
export function flatString(text: string): string {
  // Reading a character flattens a concatenation in V8 (String::Flatten); the value is the same.
  text.charCodeAt(0);
  return text;
}
