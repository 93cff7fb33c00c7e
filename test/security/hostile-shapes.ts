// Generators of issue 15's second round: every C nesting shape the parsers, the
// preprocessor and the layout engine recurse or copy on, at any depth; macro shapes
// whose cost is not their length (nested arguments, stringize and paste doubling, a
// long literal copied by doubling macros); an mbox of many tiny patches. Shared by
// the deep-shapes test, the resource budget and the fuzz mutators' seeds.

/** One header per shape, `n` levels deep (each a few bytes per level). */
export function deepShapes(n: number): { name: string; text: string }[] {
  const paren = (inner: string) => `${'('.repeat(n)}${inner}${')'.repeat(n)}`;
  const shapes: [string, string][] = [
    ['#if parentheses', `#if ${paren('1')}\n#endif\n`],
    ['#if unary minus', `#if ${'- '.repeat(n)}1\n#endif\n`],
    ['#if operator chain', `#if ${'1+'.repeat(n)}1\n#endif\n`],
    ['#if ternary chain', `#if ${'1?'.repeat(n)}1${':1'.repeat(n)}\n#endif\n`],
    ['#if sizeof parentheses', `#if sizeof(${paren('int')})\n#endif\n`],
    ['#if defined parentheses', `#if defined${paren('X')}\n#endif\n`],
    ['nested #if', `${'#if 1\n'.repeat(n)}${'#endif\n'.repeat(n)}`],
    ['nested #if in a dead branch', `#if 0\n${'#if 1\n'.repeat(n)}${'#endif\n'.repeat(n)}#endif\n`],
    ['macro argument parentheses', `#define F(x) x\nstruct m { int a[F(${paren('1')})]; };\n`],
    ['nested macro invocations', `#define F(x) x\nenum { NF = ${'F('.repeat(n)}1${')'.repeat(n)} };\n`],
    ['array bound parentheses', `struct b { int a[${paren('1')}]; };\n`],
    ['array bound unary minus', `struct b { int a[${'-'.repeat(n)}1]; };\n`],
    ['array bound operator chain', `struct b { int a[${'1+'.repeat(n)}1]; };\n`],
    ['initializer braces', `static int i = ${'{'.repeat(n)}1${'}'.repeat(n)};\n`],
    ['nested anonymous structs', `struct s { ${'struct { '.repeat(n)}int x; ${'}; '.repeat(n)}};\n`],
    ['nested named unions', `struct s { ${'union { '.repeat(n)}int x; ${'} u; '.repeat(n)}};\n`],
    ['pointer declarator', `struct d { int ${'*'.repeat(n)}p; };\n`],
    ['parenthesized declarator', `struct d { int ${paren('p')}; };\n`],
    ['function pointer declarator', `struct d { int ${'(*'.repeat(n)}p${')(void)'.repeat(n)}; };\n`],
    ['array dimensions', `struct d { int p${'[1]'.repeat(n)}; };\n`],
    ['typeof nesting', `struct t { ${'__typeof__('.repeat(n)}int${')'.repeat(n)} x; };\n`],
    ['attribute parentheses', `struct t { int x __attribute__(${paren('packed')}); };\n`],
    ['enumerator parentheses', `enum { E = ${paren('1')} };\n`],
    ['cast chain', `enum { E = ${'(int)'.repeat(n)}1 };\n`],
    ['typedef chain', typedefChain(n)],
    ['record chain', recordChain(Math.min(n, 20_000))],
    ['stringize doubling', stringizeDoubling(40)],
    ['paste doubling', pasteDoubling(40)],
    ['long literal copied by doubling macros', literalCopies(64 * 1024, 18)],
  ];
  return shapes.map(([name, text]) => ({ name, text: `${text}struct ok { int a; };\n` }));
}

function typedefChain(n: number): string {
  const out = ['typedef int T0;'];
  for (let i = 1; i <= n; i++) out.push(`typedef T${i - 1} T${i};`);
  out.push(`struct tc { T${n} x; };`);
  return `${out.join('\n')}\n`;
}

function recordChain(n: number): string {
  const out = ['struct r0 { int x; };'];
  for (let i = 1; i <= n; i++) out.push(`struct r${i} { struct r${i - 1} x; };`);
  return `${out.join('\n')}\n`;
}

/** `#define Q_i XSTR(Q_{i-1})`: each level escapes the quotes and backslashes of the last. */
export function stringizeDoubling(levels: number): string {
  const out = ['#define STR(x) #x', '#define XSTR(x) STR(x)', '#define Q_0 "a\\\\"'];
  for (let i = 1; i <= levels; i++) out.push(`#define Q_${i} XSTR(Q_${i - 1})`);
  out.push(`static const char q[] = Q_${levels};`);
  return `${out.join('\n')}\n`;
}

/** `#define P_i XCAT(P_{i-1}, P_{i-1})`: an identifier 2^levels characters long. */
export function pasteDoubling(levels: number): string {
  const out = ['#define CAT(a, b) a##b', '#define XCAT(a, b) CAT(a, b)', '#define P_0 p'];
  for (let i = 1; i <= levels; i++) out.push(`#define P_${i} XCAT(P_${i - 1}, P_${i - 1})`);
  out.push(`struct pasted { int P_${levels}; };`);
  return `${out.join('\n')}\n`;
}

/** A `length`-character literal copied 2^levels times by `#define L_i L_{i-1} L_{i-1}`
 *  (few tokens, gigabytes of text: it was "RangeError: Invalid string length"). */
export function literalCopies(length: number, levels: number): string {
  const out = [`#define L_0 "${'a'.repeat(length)}"`];
  for (let i = 1; i <= levels; i++) out.push(`#define L_${i} L_${i - 1} L_${i - 1}`);
  out.push(`static const char *l[] = { L_${levels} };`);
  return `${out.join('\n')}\n`;
}

/** An mbox of `n` one-line patches spread over 50 headers. */
export function tinyPatchMbox(n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = `include/uapi/linux/x${i % 50}.h`;
    parts.push(
      `From 1234 Mon Sep 17 00:00:00 2001\nFrom: A <a@example.org>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n` +
        `Subject: [PATCH ${i + 1}/${n}] x\n\n---\ndiff --git a/${f} b/${f}\n--- a/${f}\n+++ b/${f}\n` +
        `@@ -0,0 +1,1 @@\n+struct x${i} { __u32 a; };\n\n`,
    );
  }
  return parts.join('');
}

/** Inputs whose lists (diagnostics, declarators, definitions, findings, symbols) hold hundreds of
 *  thousands of items: a spread `push(...list)` of that many overflowed V8's stack. */
export function hugeCounts(): { name: string; file: string; text: string; args: string[] }[] {
  const n = 300_000;
  const lines = (f: (i: number) => string, count = n) =>
    `${Array.from({ length: count }, (_, i) => f(i)).join('\n')}\n`;
  return [
    {
      name: '#warning lines',
      file: 'warn.h',
      text: lines(() => '#warning w'),
      args: ['check', '--abi', 'x86_64'],
    },
    {
      name: 'declarators in one declaration',
      file: 'decl.h',
      text: `struct s { int ${Array.from({ length: 200_000 }, (_, i) => `a${i}`).join(', ')}; };\n`,
      args: ['check', '--abi', 'x86_64'],
    },
    {
      name: '#define lines',
      file: 'defs.h',
      text: lines((i) => `#define D${i} ${i}`),
      args: ['check', '--abi', 'x86_64'],
    },
    {
      // Definitions make no text, so the text budget never saw them: 1.5 GB on one ABI, 3.9 GB on seven.
      name: '15 MB of #define lines on all ABIs',
      file: 'defs-all.h',
      text: lines((i) => `#define D${i} ${i}`, 680_000),
      args: ['check'],
    },
    {
      name: 'structs with a finding each',
      file: 'many.h',
      text: lines((i) => `struct s${i} { long a; };`, 150_000),
      args: ['check', '--uapi', '--abi', 'x86_64'],
    },
    {
      name: 'a string literal of 400,000 escapes',
      file: 'lit.h',
      text: `#define Q "${'\\\\'.repeat(400_000)}"\nenum { E = sizeof(Q) };\n`,
      args: ['check', '--abi', 'x86_64'],
    },
    {
      name: 'mail with 900,000 lines that are not header lines',
      file: 'eq.patch',
      text: `From: a <a@b>\n${'=\n'.repeat(900_000)}Subject: [PATCH] x\n\n---\ndiff --git a/x.h b/x.h\n--- a/x.h\n+++ b/x.h\n@@ -1,1 +1,1 @@\n-a\n+b\n`,
      args: ['patch'],
    },
  ];
}
