// Input mutations for the fuzzer: byte and line edits, splices of two corpus
// entries, dictionary tokens and interesting numbers, stacked 1-4 deep.
// A seeded PRNG makes every run reproducible from its seed.

/** xorshift32: small, fast and deterministic for a given seed. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
  /** 0 <= n < max */
  below(max: number): number {
    return max <= 0 ? 0 : this.next() % max;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
  chance(percent: number): boolean {
    return this.below(100) < percent;
  }
}

const INTERESTING = [
  '0',
  '-1',
  '1',
  '7',
  '8',
  '63',
  '64',
  '127',
  '128',
  '255',
  '256',
  '4096',
  '65535',
  '65536',
  '2147483647',
  '-2147483648',
  '4294967295',
  '4294967296',
  '9223372036854775807',
  '18446744073709551615',
  '99999999999999999999999',
  '0x7fffffff',
  '0xffffffffffffffff',
  '1e309',
  'NaN',
];
const BYTES = [
  '\0',
  '\n',
  '\r',
  '\r\n',
  '\t',
  ' ',
  '\\',
  '"',
  "'",
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  ':',
  '#',
  '/*',
  '*/',
  '//',
  '\u00e9',
  '\ud83d\ude00',
  '\ufeff',
  '\u2028',
  '\ud800',
];

/** Openers and closers for deep nesting: the inputs that overflow recursive parsers. */
const NESTINGS: readonly [string, string][] = [
  ['(', ')'],
  ['{', '}'],
  ['[', ']'],
  ['struct n {', '};'],
  ['struct {', '};'],
  ['union {', '} u;'],
  ['!', ''],
  ['~', ''],
  ['*', ''],
  ['-', ''],
  ['1+', '1'],
  ['(int)', '1'],
  ['1 ? ', ' : 0'],
  ['F(', ')'],
  ['"a":[', ']'],
  ['{"a":', '}'],
  ['[', '0]'],
];

type Mutator = (input: string, rng: Rng, ctx: MutateContext) => string;

export interface MutateContext {
  corpus: readonly string[];
  dictionary: readonly string[];
  maxLength: number;
}

const mutators: Mutator[] = [
  // replace one character
  (s, rng) => {
    if (!s) return rng.pick(BYTES);
    const i = rng.below(s.length);
    return s.slice(0, i) + randomChar(rng) + s.slice(i + 1);
  },
  // insert characters
  (s, rng) => insertAt(s, rng, rng.chance(50) ? rng.pick(BYTES) : randomChar(rng).repeat(1 + rng.below(4))),
  // delete a range
  (s, rng) => {
    if (!s) return s;
    const i = rng.below(s.length);
    return s.slice(0, i) + s.slice(i + 1 + rng.below(Math.min(64, s.length - i)));
  },
  // duplicate a range in place
  (s, rng) => {
    if (!s) return s;
    const i = rng.below(s.length);
    const piece = s.slice(i, i + 1 + rng.below(128));
    return s.slice(0, i) + piece + piece + s.slice(i);
  },
  // dictionary token
  (s, rng, ctx) => (ctx.dictionary.length ? insertAt(s, rng, rng.pick(ctx.dictionary)) : s),
  // dictionary token replacing a word
  (s, rng, ctx) =>
    replaceWord(s, rng, ctx.dictionary.length ? rng.pick(ctx.dictionary) : rng.pick(INTERESTING)),
  // interesting number replacing a number
  (s, rng) => {
    const numbers = [...s.matchAll(/-?\d+/g)];
    if (!numbers.length) return insertAt(s, rng, rng.pick(INTERESTING));
    const m = rng.pick(numbers);
    return s.slice(0, m.index) + rng.pick(INTERESTING) + s.slice((m.index ?? 0) + m[0].length);
  },
  // line edits: delete, duplicate, swap
  (s, rng) => {
    const lines = s.split('\n');
    const i = rng.below(lines.length);
    const j = rng.below(lines.length);
    const op = rng.below(3);
    if (op === 0) lines.splice(i, 1);
    else if (op === 1) lines.splice(i, 0, lines[j]);
    else [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
  },
  // splice a piece of another corpus entry
  (s, rng, ctx) => {
    const other = rng.pick(ctx.corpus) ?? '';
    if (!other) return s;
    const from = rng.below(other.length);
    const piece = other.slice(from, from + 1 + rng.below(256));
    const at = rng.below(s.length + 1);
    const cut = rng.chance(50) ? rng.below(Math.max(1, s.length - at)) : 0;
    return s.slice(0, at) + piece + s.slice(at + cut);
  },
  // crossover: head of this, tail of another
  (s, rng, ctx) => {
    const other = rng.pick(ctx.corpus) ?? '';
    return s.slice(0, rng.below(s.length + 1)) + other.slice(rng.below(other.length + 1));
  },
  // repeat a short piece many times (deep nesting, long operator chains, huge lists)
  (s, rng, ctx) => {
    const i = rng.below(s.length + 1);
    const piece =
      s.slice(i, i + 1 + rng.below(12)) || rng.pick(['(', '{', 'struct a {', '*', '!', '1+', '[1]']);
    // Mostly a few dozen copies; one time in ten up to thousands (stack depth, quadratic paths).
    const most = rng.chance(10) ? 5000 : 64;
    const room = Math.floor((ctx.maxLength - s.length) / piece.length);
    const times = 1 + rng.below(Math.max(1, Math.min(most, room)));
    return s.slice(0, i) + piece.repeat(times) + s.slice(i);
  },
  // deep nesting: openers then closers, mostly shallow, sometimes thousands deep
  (s, rng, ctx) => {
    const [open, close] = rng.pick(NESTINGS);
    const deep = rng.chance(25) ? 1000 + rng.below(9000) : 2 + rng.below(62);
    const n = Math.max(
      1,
      Math.min(deep, Math.floor((ctx.maxLength - s.length) / (open.length + close.length))),
    );
    const i = rng.below(s.length + 1);
    return s.slice(0, i) + open.repeat(n) + close.repeat(n) + s.slice(i);
  },
  // truncate (a mail cut mid-way, a JSON line cut mid-way)
  (s, rng) => s.slice(0, rng.below(s.length + 1)),
  // issue 15 shapes: the whole input on one line (quadratic per-line scans)
  (s) => s.replace(/\n(?!#)/g, ' '),
  // line endings gcc accepts: CR only, CRLF, a byte order mark
  (s, rng) =>
    rng.pick([
      (t: string) => t.replace(/\r?\n/g, '\r'),
      (t: string) => t.replace(/\r?\n/g, '\r\n'),
      (t: string) => `\ufeff${t}`,
    ])(s),
  // a macro chain each level of which names the one before (hide sets per token)
  (s, rng, ctx) => {
    const n = Math.max(1, Math.min(rng.chance(10) ? 1000 : 50, Math.floor((ctx.maxLength - s.length) / 32)));
    let chain = '#define Z_0 0\n';
    for (let i = 1; i <= n; i++) chain += `#define Z_${i} (${i} + Z_${i - 1} * 0)\n`;
    return `${chain}${s}\nenum { ZZ = Z_${n} };\n`;
  },
  // mail shapes: a run of blank lines, quoted-printable soft breaks or folded header lines
  (s, rng, ctx) => {
    const piece = rng.pick(['\n', '=\n', ' x\n']);
    const room = Math.floor((ctx.maxLength - s.length) / piece.length);
    const at = s.indexOf('\n') + 1;
    return (
      s.slice(0, at) + piece.repeat(Math.max(0, Math.min(rng.chance(10) ? 20000 : 200, room))) + s.slice(at)
    );
  },
  // the same diff section repeated (one header touched by many sections of one mail)
  (s, rng, ctx) => {
    const start = s.indexOf('diff --git ');
    if (start < 0) return s;
    const end = s.indexOf('diff --git ', start + 1);
    const section = s.slice(start, end < 0 ? s.length : end);
    const times = Math.max(
      1,
      Math.min(
        rng.chance(10) ? 500 : 20,
        Math.floor((ctx.maxLength - s.length) / Math.max(1, section.length)),
      ),
    );
    return s.slice(0, start) + section.repeat(times) + s.slice(start + section.length);
  },
  // terminal control sequences in a line (they must never reach a terminal raw)
  (s, rng) => insertAt(s, rng, rng.pick(['\u001b]0;pwned\u0007', '\u001b[2J', '\u009b31m', '\r'])),
  // round 2 (issue 15): bidi overrides, line separators and a newline inside a git-quoted name
  (s, rng) => insertAt(s, rng, rng.pick(['\u202e', '\u2066', '\u2028', '"a/x\\n1:1: error: forged.h"'])),
  // round 2: shapes whose cost is not their length (macro_shapes below)
  (s, rng, ctx) => `${rng.pick(MACRO_SHAPES)(rng.chance(10) ? 5000 : 40, ctx.maxLength - s.length)}${s}`,
  // round 2: the first mail (or diff section) repeated as many mails (an mbox of tiny patches)
  (s, rng, ctx) => {
    const start = Math.max(0, s.search(/^From [^\n]*$|^diff --git /m));
    const mail = s.slice(start);
    if (!mail) return s;
    const times = Math.max(
      1,
      Math.min(rng.chance(10) ? 2000 : 30, Math.floor((ctx.maxLength - s.length) / mail.length)),
    );
    return s + `\n${mail}`.repeat(times);
  },
];

/** Headers whose work or memory grows much faster than their text: nested macro arguments
 *  (each level copies the rest), stringizing a stringized argument (doubles per level), a long
 *  literal doubled by macros, pasting that doubles an identifier. `n` levels, within `room`. */
const MACRO_SHAPES: readonly ((n: number, room: number) => string)[] = [
  (n, room) => {
    const k = Math.max(1, Math.min(n, Math.floor((room - 40) / 3)));
    return `#define F(x) x\nenum { NF = ${'F('.repeat(k)}1${')'.repeat(k)} };\n`;
  },
  (n) => {
    let out = '#define STR(x) #x\n#define XSTR(x) STR(x)\n#define Q_0 "a\\\\"\n';
    for (let i = 1; i <= Math.min(n, 40); i++) out += `#define Q_${i} XSTR(Q_${i - 1})\n`;
    return `${out}static const char q[] = Q_${Math.min(n, 40)};\n`;
  },
  (n, room) => {
    let out = `#define L_0 "${'a'.repeat(Math.max(1, Math.min(room - 2000, 16 * 1024)))}"\n`;
    for (let i = 1; i <= Math.min(n, 30); i++) out += `#define L_${i} L_${i - 1} L_${i - 1}\n`;
    return `${out}static const char *l[] = { L_${Math.min(n, 30)} };\n`;
  },
  (n) => {
    let out = '#define CAT(a, b) a##b\n#define XCAT(a, b) CAT(a, b)\n#define P_0 p\n';
    for (let i = 1; i <= Math.min(n, 40); i++) out += `#define P_${i} XCAT(P_${i - 1}, P_${i - 1})\n`;
    return `${out}struct pasted { int P_${Math.min(n, 40)}; };\n`;
  },
];

/** One mutant of `input`: 1-4 stacked mutations, cut to ctx.maxLength. */
export function mutate(input: string, rng: Rng, ctx: MutateContext): string {
  let out = input;
  const depth = 1 + rng.below(4);
  for (let i = 0; i < depth; i++) out = rng.pick(mutators)(out, rng, ctx);
  return out.length > ctx.maxLength ? out.slice(0, ctx.maxLength) : out;
}

function randomChar(rng: Rng): string {
  const r = rng.below(10);
  if (r < 6) return String.fromCharCode(32 + rng.below(95));
  if (r < 8) return String.fromCharCode(rng.below(32));
  return String.fromCharCode(rng.below(0x10000));
}

function insertAt(s: string, rng: Rng, piece: string): string {
  const i = rng.below(s.length + 1);
  return s.slice(0, i) + piece + s.slice(i);
}

function replaceWord(s: string, rng: Rng, word: string): string {
  const words = [...s.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)];
  if (!words.length) return insertAt(s, rng, word);
  const m = rng.pick(words);
  return s.slice(0, m.index) + word + s.slice((m.index ?? 0) + m[0].length);
}
