// The C vocabulary every layer shares (the floor): our typed AST for C
// declarations and constant expressions. The parser lowers tree-sitter's tree
// of the *preprocessed* text into it; every node carries a location in the
// original source. It imports only text/ and diag/, so no layer cycles through it.
import type { SourceLocation } from '../text/position';
import type { Diagnostic } from '../diag/diagnostic';

/** The C base types the ABIs give sizes for. `long double` and `__int128` included. */
export type BuiltinTypeName =
  | 'void'
  | '_Bool'
  | 'char'
  | 'signed char'
  | 'unsigned char'
  | 'short'
  | 'unsigned short'
  | 'int'
  | 'unsigned int'
  | 'long'
  | 'unsigned long'
  | 'long long'
  | 'unsigned long long'
  | '__int128'
  | 'unsigned __int128'
  | 'float'
  | 'double'
  | 'long double';

/** A GCC attribute, name normalized (`__packed__` -> `packed`). */
export interface Attribute {
  name: string;
  args: Expr[];
  loc: SourceLocation;
}

export type TypeExpr =
  | { kind: 'builtin'; name: BuiltinTypeName }
  /** A typedef name, resolved by the layout engine. */
  | { kind: 'typedef-ref'; name: string }
  /** `struct X` / `union X` used by tag (definition elsewhere, or incomplete). */
  | { kind: 'record-ref'; tag: 'struct' | 'union'; name: string }
  /** An inline definition, named or anonymous. */
  | { kind: 'record'; decl: RecordDecl }
  | { kind: 'enum-ref'; name: string }
  | { kind: 'enum'; decl: EnumDecl }
  | { kind: 'pointer'; to: TypeExpr }
  /** length null: `[]` (flexible array member or incomplete array). */
  | { kind: 'array'; of: TypeExpr; length: Expr | null }
  | { kind: 'function'; returns: TypeExpr }
  /** `__typeof__(...)` and anything else we keep but cannot lay out. */
  | { kind: 'unknown'; text: string };

export interface FieldDecl {
  /** undefined for an anonymous struct/union member or an unnamed bitfield. */
  name?: string;
  type: TypeExpr;
  /** Present for bitfields (`: N`). */
  bitWidth?: Expr;
  /** Attributes written on this member (in its specifiers or after its declarator). */
  attributes: Attribute[];
  loc: SourceLocation;
  nameLoc?: SourceLocation;
}

export interface RecordDecl {
  kind: 'struct' | 'union';
  /** undefined for an anonymous record. */
  name?: string;
  /** null for a forward declaration (`struct X;`) or a use without a body. */
  fields: FieldDecl[] | null;
  /** Attributes on the type itself (`struct __attribute__((packed)) X {...}` or after `}`). */
  attributes: Attribute[];
  loc: SourceLocation;
  nameLoc?: SourceLocation;
  /** The comment immediately before the definition, if any (without comment markers). */
  doc?: string;
}

export interface Enumerator {
  name: string;
  value?: Expr;
  loc: SourceLocation;
}

export interface EnumDecl {
  name?: string;
  enumerators: Enumerator[] | null;
  attributes: Attribute[];
  loc: SourceLocation;
  nameLoc?: SourceLocation;
  doc?: string;
}

export interface TypedefDecl {
  name: string;
  type: TypeExpr;
  attributes: Attribute[];
  loc: SourceLocation;
  nameLoc?: SourceLocation;
  doc?: string;
}

/** File-scope declarations in source order. Records and enums defined inline inside
 *  other declarations appear only inside their TypeExpr; consumers walk types to find them. */
export type Decl =
  | { kind: 'record'; decl: RecordDecl }
  | { kind: 'enum'; decl: EnumDecl }
  | { kind: 'typedef'; decl: TypedefDecl }
  /** A variable or function declaration: kept so inline type definitions inside it are seen. */
  | { kind: 'other'; type: TypeExpr; loc: SourceLocation };

export interface TranslationUnit {
  decls: Decl[];
  diagnostics: Diagnostic[];
}

// C integer constant expressions, as written in #if lines, array bounds,
// bitfield widths, enumerators, attribute arguments and #define bodies.
// One representation for all of them; evaluation lives in expr/evaluate.ts.

export type BinaryOp =
  | '*'
  | '/'
  | '%'
  | '+'
  | '-'
  | '<<'
  | '>>'
  | '<'
  | '>'
  | '<='
  | '>='
  | '=='
  | '!='
  | '&'
  | '^'
  | '|'
  | '&&'
  | '||'
  | ',';

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
