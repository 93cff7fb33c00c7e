// Shapes of header that were still ONE step of the build however big (issue 15, "still single
// steps"): a huge record where the parser skips a group (a parameter list, `typeof(...)`, a function
// body, `_Static_assert`, a damaged stretch), a huge enum whose values chain, and a function-like
// macro invoked with a huge argument list. `n` sizes each (members, enumerators, arguments).

export interface StepShape {
  name: string;
  text: string;
  /** Valid C kpw reports nothing on (the damaged shape is not). */
  valid: boolean;
}

/** `n` member lines of varied shapes (arrays, bitfields, nested records, function pointers). */
export function members(n: number, indent = '\t'): string {
  const kinds = [
    (i: number) => `unsigned int m${i}; char c${i};`,
    (i: number) => `unsigned long long a${i}[${1 + (i % 5)}];`,
    (i: number) => `unsigned int b${i} : ${1 + (i % 31)};`,
    (i: number) => `struct { int x; char y; } s${i};`,
    (i: number) => `int (*f${i})(int, char *);`,
  ];
  return Array.from({ length: n }, (_, i) => indent + kinds[i % kinds.length](i)).join('\n');
}

/** A huge record wherever the hand parser skips a balanced group or a stretch of tokens. */
export function skipShapes(n: number): StepShape[] {
  const m = members(n);
  return [
    { name: 'parameter', text: `int takes(struct huge_param {\n${m}\n} *p, int n);\n`, valid: true },
    {
      name: 'function-pointer parameter',
      text: `struct ops {\n\tint a;\n\tint (*f)(struct {\n${m}\n\t} *arg, int);\n\tint z;\n};\n`,
      valid: true,
    },
    { name: 'typeof', text: `extern __typeof__(struct {\n${m}\n}) *typeof_ptr;\n`, valid: true },
    { name: 'typedef typeof', text: `typedef typeof(struct {\n${m}\n} *) typeof_t;\n`, valid: true },
    {
      name: 'function body',
      text: `static inline int body(void)\n{\n\tstruct {\n${m}\n\t} x;\n\treturn 0;\n}\nstruct after { int a; };\n`,
      valid: true,
    },
    {
      name: '_Static_assert',
      text: `_Static_assert(sizeof(struct {\n${m}\n}) > 0, "huge");\nstruct after { int a; };\n`,
      valid: true,
    },
    {
      name: 'parameter of a parameter, in a huge struct',
      text: `struct outer {\n${members(n >> 1)}\n\tvoid (*cb)(void (*inner)(union {\n${m}\n\t} u));\n${members(n >> 1)}\n};\n`,
      valid: true,
    },
    {
      // Recovery skips to the end of the declaration: one stretch of tokens without `;`.
      name: 'damaged stretch',
      text: `int oops + ${Array.from({ length: n * 8 }, (_, i) => `w${i}`).join(' ')};\nstruct after { int a; };\n`,
      valid: false,
    },
    {
      // A stretch of small groups: a stop inside one of them must not re-walk the stretch.
      name: 'damaged stretch of small groups',
      text: `enum { E = ${'(int)'.repeat(n * 2)}1 };\nstruct after { int a; };\n`,
      valid: false,
    },
  ];
}

/** Huge enums whose values are evaluated one by one: chained, through a macro, used by a record. */
export function enumShapes(n: number): StepShape[] {
  const chained = (p: string, value: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => {
      const v = i === 0 ? '0' : value(i);
      return `\t${p}${i}${v ? ` = ${v}` : ''},`;
    }).join('\n');
  return [
    { name: 'chained', text: `enum chained {\n${chained('C', (i) => `C${i - 1} + 1`)}\n};\n`, valid: true },
    {
      name: 'through a macro, used as an array bound',
      text: `#define NEXT(x) ((x) + 1)\nenum by_macro {\n${chained('M', (i) => `NEXT(M${i - 1})`)}\n};\nstruct sized { char pad[M${n - 1} % 64 + 1]; enum by_macro e; };\n`,
      valid: true,
    },
    {
      name: 'a second enum valued from the first, in a typedef',
      text: `typedef enum {\n${chained('A', (i) => (i % 7 === 0 ? `A${i - 1} * 1 + 1` : `A${i - 1} + 1`))}\n} a_t;\nenum second {\n${chained('B', (i) => (i === 1 ? `A${n - 1} + B0` : `B${i - 1} + 2`))}\n};\n`,
      valid: true,
    },
    {
      name: 'values past 64 bits at the end',
      text: `enum overflowing {\n${chained('O', (i) => (i === n - 2 ? '0xffffffffffffffff' : i === n - 1 ? '' : `O${i - 1} + 1`))}\n};\n`,
      valid: false,
    },
  ];
}

/** A function-like macro invoked with a huge argument list, in the text and in #define values. */
export function macroArgShapes(n: number): StepShape[] {
  const args = Array.from({ length: n }, (_, i) => `${i % 10}`).join(', ');
  const sum = Array.from({ length: n }, (_, i) => `${i % 10}`).join(' + ');
  const memberList = Array.from({ length: n >> 2 }, (_, i) => `int a${i};`).join(' ');
  const FIRST = '#define FIRST(a, ...) a\n';
  return [
    {
      name: 'many arguments, the first used',
      text: `${FIRST}struct sized { char pad[FIRST(4, ${args})]; };\n`,
      valid: true,
    },
    {
      name: 'one huge argument, dropped',
      text: `#define DROP(x) 1\nstruct dropped { char pad[DROP(${sum})]; };\n`,
      valid: true,
    },
    {
      name: 'deeply parenthesized argument',
      text: `#define SECOND(a, b) b\nstruct paren { char pad[SECOND(${'('.repeat(n >> 1)}1${')'.repeat(n >> 1)}, 4)]; };\n`,
      valid: true,
    },
    {
      name: '__VA_ARGS__ copied into a struct',
      text: `#define MEMBERS(...) __VA_ARGS__\nstruct copied { MEMBERS(${memberList}) };\n`,
      valid: true,
    },
    {
      name: 'in #define values',
      text: `${FIRST}#define ALL(...) (__VA_ARGS__)\n#define PICKED FIRST(7, ${args})\n#define SUMMED ALL(${sum})\n`,
      valid: true,
    },
    {
      name: 'unterminated',
      text: `${FIRST}struct cut { char pad[FIRST(4, ${args}]; };\nstruct after { int a; };\n`,
      valid: false,
    },
  ];
}

/** A patch mail whose one part is huge: base64, quoted-printable with soft breaks and escapes, a
 *  multipart holding a base64 part. `lines` sizes the diff each body encodes. */
export function mailShapes(lines: number): { name: string; text: string }[] {
  const path = 'include/uapi/linux/big.h';
  const diff =
    `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n` +
    `@@ -0,0 +1,${lines} @@\n` +
    Array.from(
      { length: lines },
      (_, i) => `+#define BIG_${i} ${i} /* caf\u00e9 ${'x'.repeat(i % 50)} */\n`,
    ).join('');
  const head = (extra: string) =>
    `From: Dev <dev@example.org>\nSubject: [PATCH] big\nMIME-Version: 1.0\n${extra}\n`;
  const b64 = (text: string) =>
    (
      Buffer.from(text, 'utf8')
        .toString('base64')
        .match(/.{1,76}/g) ?? []
    ).join('\n');
  const qp = diff
    .split('\n')
    .map((l) => {
      const escaped = Buffer.from(l, 'utf8')
        .toString('latin1')
        .replace(/[^\x20-\x7e]|=/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
      return escaped.length > 70 ? `${escaped.slice(0, 70)}=\n${escaped.slice(70)}` : escaped;
    })
    .join('\n');
  const plain = 'Content-Type: text/plain; charset=utf-8\n';
  return [
    {
      name: 'base64',
      text: `${head(`${plain}Content-Transfer-Encoding: base64\n`)}${b64(`Body.\n---\n${diff}`)}\n`,
    },
    {
      name: 'quoted-printable',
      text: `${head(`${plain}Content-Transfer-Encoding: quoted-printable\n`)}Body.\n---\n${qp}\n`,
    },
    {
      name: 'multipart, a base64 part',
      text:
        `${head('Content-Type: multipart/mixed; boundary="b1"\n')}--b1\n${plain}\nBody.\n--b1\n` +
        `Content-Type: text/x-patch; charset=utf-8\nContent-Transfer-Encoding: base64\n\n${b64(diff)}\n--b1--\n`,
    },
  ];
}
