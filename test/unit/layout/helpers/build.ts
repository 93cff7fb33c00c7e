// Tiny builders for hand-made ASTs in tests (when a fixture file would be
// overkill), plus a parse-from-text shortcut over the real parser.

import type { Expr } from '../../../../src/core/lang/ast';
import type { FieldDecl, RecordDecl, TranslationUnit, TypeExpr } from '../../../../src/core/lang/ast';
import { TypeEnv } from '../../../../src/core/layout/index';
import { parseEnv } from './fixtures';

const LOC = { file: 'test.h', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };

export function at(line: number): typeof LOC {
  return { file: 'test.h', range: { start: { line, character: 0 }, end: { line, character: 1 } } };
}

export const u32: TypeExpr = { kind: 'builtin', name: 'unsigned int' };
export const u8: TypeExpr = { kind: 'builtin', name: 'unsigned char' };

export function int(n: number): Expr {
  return { kind: 'int', value: BigInt(n), unsigned: false, longs: 0, text: String(n) };
}

export function field(name: string | undefined, type: TypeExpr, extra: Partial<FieldDecl> = {}): FieldDecl {
  return { name, type, attributes: [], loc: LOC, ...extra };
}

export function struct(
  name: string | undefined,
  fields: FieldDecl[] | null,
  extra: Partial<RecordDecl> = {},
): RecordDecl {
  return { kind: 'struct', name, fields, attributes: [], loc: LOC, ...extra };
}

export function unitOf(...records: RecordDecl[]): TranslationUnit {
  return { decls: records.map((decl) => ({ kind: 'record' as const, decl })), diagnostics: [] };
}

/** A TypeEnv from C text (no macros), file name `test.h`. */
export function envOf(text: string): TypeEnv {
  return parseEnv(text, 'test.h');
}
