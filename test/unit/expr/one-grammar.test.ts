// One constant-expression grammar, four doors: generated expressions (operators
// at every precedence, unary chains, ?:, casts, sizeof, integer and character
// literals, nesting) must give the same Expr and value through #if, a #define
// value, an array bound (hand parser) and an enumerator (tree-sitter + lowering).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { parseExpr } from '../../../src/core/expr/parse';
import { evaluate } from '../../../src/core/expr/evaluate';
import type { Expr } from '../../../src/core/lang/ast';
import { lexTokens } from '../../../src/core/preprocess/lexer';
import { macroFromText } from '../../../src/core/preprocess/macro-def';
import { parseWithMacros } from '../../../src/core/preprocess/expand-text';
import { LowerContext } from '../../../src/core/parser/lower/lower-context';
import { parseTopLevelRegion } from '../../../src/core/parser/recovery/parse-top';
import { identityMap } from '../../../src/core/parser/index';
import type { Decl } from '../../../src/core/lang/ast';
import { parseText, ready } from '../parser/helpers';

/** A small deterministic PRNG (mulberry32) so a failure names a reproducible seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BINARY = [
  '||',
  '&&',
  '|',
  '^',
  '&',
  '==',
  '!=',
  '<',
  '>',
  '<=',
  '>=',
  '<<',
  '>>',
  '+',
  '-',
  '*',
  '/',
  '%',
];
const UNARY = ['-', '+', '!', '~'];
const TYPES = [
  'int',
  'unsigned',
  'long',
  'unsigned long long',
  'short',
  'signed char',
  'char',
  'unsigned int',
  'long long',
];
const LITERALS = [
  '0',
  '1',
  '7',
  '42',
  '0x10',
  '0XffU',
  '017',
  '0b101',
  '3u',
  '5L',
  '6UL',
  '9ll',
  '2wb',
  "'a'",
  "'\\n'",
  "'\\x7f'",
];

/** An expression of depth at most `depth`; `comma` allows a top-level comma (only inside parentheses). */
function gen(r: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  if (depth <= 0 || r() < 0.2) return pick(LITERALS);
  const sub = () => gen(r, depth - 1);
  switch (Math.floor(r() * 9)) {
    case 0:
    case 1:
    case 2:
      return `${sub()} ${pick(BINARY)} ${sub()}`;
    case 3:
      return `${pick(UNARY)}${sub().startsWith('-') || sub().startsWith('+') ? ' ' : ''}(${sub()})`;
    case 4:
      return `${sub()} ? ${sub()} : ${sub()}`;
    case 5:
      return `(${pick(TYPES)})(${sub()})`;
    case 6:
      return r() < 0.5 ? `sizeof(${pick(TYPES)})` : `sizeof (${sub()})`;
    case 7:
      return `(${sub()}, ${sub()})`;
    default:
      return `(${sub()})`;
  }
}

const noTypedefs = (): boolean => false;

function viaIf(text: string): Expr {
  return parseExpr(lexTokens(text), noTypedefs);
}

function viaDefine(text: string): Expr {
  const x = macroFromText('X', text);
  return parseWithMacros('X', { get: (n) => (n === 'X' ? x : undefined) }, noTypedefs).expr;
}

function viaArrayBound(text: string): Expr {
  const src = `struct s { char a[${text}]; };`;
  const ctx = new LowerContext(src, identityMap('t.h', src));
  const decls: Decl[] = [];
  parseTopLevelRegion(ctx, 0, src.length, decls);
  const d = decls[0];
  assert.ok(d?.kind === 'record' && d.decl.fields?.[0], `no record parsed from ${src}`);
  const t = d.decl.fields[0].type;
  assert.equal(t.kind, 'array', `${src}: ${JSON.stringify(ctx.diagnostics)}`);
  return (t as { length: Expr }).length;
}

function viaEnumerator(text: string): Expr {
  const unit = parseText(`enum e { X = ${text} };`);
  unit.dispose();
  const d = unit.ast.decls[0];
  assert.ok(d?.kind === 'enum' && d.decl.enumerators?.[0]?.value, `no enumerator value for ${text}`);
  return d.decl.enumerators[0].value;
}

const show = (e: unknown): string => JSON.stringify(e, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

before(ready);

const SEEDS = 400;
test(`${SEEDS} generated expressions parse to one Expr and value through #if, #define, array bound and enumerator`, () => {
  let valid = 0;
  for (let seed = 1; seed <= SEEDS; seed++) {
    const text = gen(rng(seed), 1 + (seed % 5));
    const reference = viaIf(text);
    assert.notEqual(reference.kind, 'invalid', `seed ${seed}: ${text}: ${show(reference)}`);
    for (const [door, parse] of [
      ['#define value', viaDefine],
      ['array bound', viaArrayBound],
      ['enumerator', viaEnumerator],
    ] as const) {
      assert.equal(show(parse(text)), show(reference), `seed ${seed}, ${door}: ${text}`);
    }
    const value = evaluate(reference, { mode: 'c', longBits: 64 });
    if (value.ok) valid++;
  }
  // Division by zero and the like make some expressions errors; most must have a value.
  assert.ok(valid > SEEDS / 2, `only ${valid} of ${SEEDS} generated expressions evaluated`);
});

/** What the hand parser says about `char a[text]`: the bound's reason when it is `invalid`, else its diagnostics. */
function handVerdict(text: string): string {
  const src = `struct s { char a[${text}]; };`;
  const ctx = new LowerContext(src, identityMap('t.h', src));
  const decls: Decl[] = [];
  parseTopLevelRegion(ctx, 0, src.length, decls);
  const d = decls[0];
  const t = d?.kind === 'record' ? d.decl.fields?.[0]?.type : undefined;
  if (t?.kind === 'array' && t.length?.kind === 'invalid') return t.length.reason;
  return ctx.diagnostics.map((x) => x.message).join('\n');
}

test('chains of ?:, unary operators and sizeof past the nesting limit are refused through both bindings, not a crash', () => {
  const deep = [
    '1 ? '.repeat(5000) + '1' + ' : 1'.repeat(5000),
    '1 ? 1 : '.repeat(5000) + '1',
    '- '.repeat(5000) + '1',
    'sizeof '.repeat(5000) + '1',
    '('.repeat(5000) + '1' + ')'.repeat(5000),
  ];
  for (const text of deep) {
    const e = viaIf(text);
    assert.equal(e.kind, 'invalid', text.slice(0, 20));
    assert.match((e as { reason: string }).reason, /nested too deeply/, text.slice(0, 20));
    assert.match(handVerdict(text), /nested too deeply/, text.slice(0, 20));
  }
});
