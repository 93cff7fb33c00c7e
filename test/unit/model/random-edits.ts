// Seeded random edits of C header text for the incremental-build tests: the
// kinds of change a person makes while typing (one character in a name, a new
// or deleted line, a new typedef, a broken and a repaired declaration).

/** A small deterministic PRNG (mulberry32): the same seed gives the same chain of edits. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Edit = (text: string, at: number, random: () => number) => string;

const EDITS: Edit[] = [
  // Replace one character of an identifier.
  (t, at, r) => {
    const m = /[a-z_]{3,}/g;
    m.lastIndex = at;
    const hit = m.exec(t);
    if (!hit) return t;
    const k = hit.index + 1 + Math.floor(r() * (hit[0].length - 1));
    return t.slice(0, k) + 'qxz'[Math.floor(r() * 3)] + t.slice(k + 1);
  },
  // Insert a blank line (shifts every later line).
  (t, at) => `${t.slice(0, lineStart(t, at))}\n${t.slice(lineStart(t, at))}`,
  // Delete a line.
  (t, at) => {
    const s = lineStart(t, at);
    const e = t.indexOf('\n', s);
    return e < 0 ? t : t.slice(0, s) + t.slice(e + 1);
  },
  // A new typedef at top level (before a line that starts a declaration).
  (t, at) => insertBeforeTopLevel(t, at, 'typedef __u32 edited_t;\n'),
  // A new struct using a typedef the unit defines.
  (t, at) => insertBeforeTopLevel(t, at, 'struct edited { __u8 a; __u64 b; };\n'),
  // Break a declaration's syntax.
  (t, at) => {
    const k = t.indexOf(';', at);
    return k < 0 ? t : `${t.slice(0, k)} @@${t.slice(k)}`;
  },
  // Repair every break made so far.
  (t) => t.split(' @@;').join(';'),
  // Type inside a comment.
  (t, at) => {
    const k = t.indexOf('/*', at);
    return k < 0 ? t : `${t.slice(0, k + 2)} note${t.slice(k + 2)}`;
  },
];

export function randomEdit(text: string, random: () => number): string {
  const at = Math.floor(random() * text.length);
  const edit = EDITS[Math.floor(random() * EDITS.length)];
  return edit(text, at, random) || text;
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', Math.max(0, at - 1)) + 1;
}

function insertBeforeTopLevel(text: string, at: number, line: string): string {
  const k = text.indexOf('\nstruct ', at);
  return k < 0 ? text : text.slice(0, k + 1) + line + text.slice(k + 1);
}
