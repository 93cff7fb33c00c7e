// Our typed AST for C declarations, lowered from tree-sitter's concrete tree
// of the *preprocessed* text. Every node carries a location in the original
// (pre-expansion) source. Nothing outside src/core/parser sees tree-sitter.

import type { Expr } from '../expr/expr';
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
