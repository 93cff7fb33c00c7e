// C integer constant expressions, as written in #if lines, array bounds,
// bitfield widths, enumerators, attribute arguments and #define bodies.
// One representation for all of them; evaluation lives in ./evaluate.ts.

import type { TypeExpr } from '../parser/ast';

export type BinaryOp =
  | '*' | '/' | '%' | '+' | '-' | '<<' | '>>'
  | '<' | '>' | '<=' | '>=' | '==' | '!='
  | '&' | '^' | '|' | '&&' | '||' | ',';

export type UnaryOp = '-' | '+' | '!' | '~';

export type Expr =
  /** An integer literal; suffix flags as written (`1UL`: unsigned, long 1). */
  | { kind: 'int'; value: bigint; unsigned: boolean; longs: 0 | 1 | 2; text: string }
  /** A character constant, already converted to its int value. */
  | { kind: 'char'; value: bigint; text: string }
  /** An identifier: an enumerator in C, 0 in #if (after macro expansion). */
  | { kind: 'ident'; name: string }
  | { kind: 'unary'; op: UnaryOp; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'cond'; test: Expr; then: Expr; else: Expr }
  | { kind: 'cast'; type: TypeExpr; arg: Expr }
  | { kind: 'sizeof-type'; type: TypeExpr }
  | { kind: 'sizeof-expr'; arg: Expr }
  | { kind: 'alignof'; type: TypeExpr }
  /** `__builtin_offsetof(T, a.b)` / `offsetof`. */
  | { kind: 'offsetof'; type: TypeExpr; member: string[] }
  /** `defined X` / `defined(X)` in #if. */
  | { kind: 'defined'; name: string }
  /** A string literal (only valid in a few attribute arguments). */
  | { kind: 'string'; value: string }
  /** Something that is not a constant expression, with the text for messages. */
  | { kind: 'invalid'; text: string; reason: string };
