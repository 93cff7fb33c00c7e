// textDocument/documentSymbol: the outline of a header: structs and unions
// with their members (nested records as children), enums with enumerators,
// typedefs of anonymous records, and #defines with their values.

import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { typeName, type HeaderModel } from '../../src/core/api/index';
import type { Decl, EnumDecl, FieldDecl, RecordDecl, TypeExpr } from '../../src/core/lang/ast';
import type { SourceLocation } from '../../src/core/text/position';
import { toLspRange } from './convert';
import { hex } from './hover/hover-define';
import { pushAll } from '../../src/core/text/push-all';

export function documentSymbols(models: HeaderModel[], file: string): DocumentSymbol[] {
  const model = models[0];
  if (!model) return [];
  const out: DocumentSymbol[] = [];
  const sizes = (name: string): string | undefined => sizeDetail(models, name);
  for (const decl of model.ast.decls) declSymbols(decl, file, sizes, out);
  pushAll(out, defineSymbols(model, file));
  return out.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

function symbol(
  name: string,
  kind: SymbolKind,
  loc: SourceLocation,
  nameLoc?: SourceLocation,
  detail?: string,
): DocumentSymbol {
  const range = toLspRange(loc.range);
  let selectionRange = toLspRange((nameLoc ?? loc).range);
  const inside = (p: { line: number; character: number }) =>
    (p.line > range.start.line || (p.line === range.start.line && p.character >= range.start.character)) &&
    (p.line < range.end.line || (p.line === range.end.line && p.character <= range.end.character));
  // LSP requires the selection inside the range; macro-expanded names may map elsewhere.
  if (!inside(selectionRange.start) || !inside(selectionRange.end)) selectionRange = range;
  return detail === undefined
    ? { name, kind, range, selectionRange }
    : { name, kind, range, selectionRange, detail };
}

function sizeDetail(models: HeaderModel[], name: string): string | undefined {
  const layouts = models.map((m) => m.record(name));
  const ref = layouts[0];
  if (!ref) return undefined;
  const others = layouts.filter((l) => l && l.size !== ref.size).map((l) => `${l!.abi}: ${l!.size}`);
  return `${ref.size} bytes${others.length ? ` (${others.join(', ')})` : ''}`;
}

type Sizes = (name: string) => string | undefined;

function declSymbols(decl: Decl, file: string, sizes: Sizes, out: DocumentSymbol[]): void {
  if (decl.kind === 'record') typeSymbols({ kind: 'record', decl: decl.decl }, file, sizes, out);
  else if (decl.kind === 'enum') typeSymbols({ kind: 'enum', decl: decl.decl }, file, sizes, out);
  else if (decl.kind === 'other') typeSymbols(decl.type, file, sizes, out);
  else if (decl.decl.loc.file === file) {
    const t = decl.decl.type;
    if (t.kind === 'record' && !t.decl.name && t.decl.fields) {
      out.push(recordSymbol(t.decl, decl.decl.name, file, sizes, decl.decl.nameLoc));
    } else {
      typeSymbols(t, file, sizes, out);
      out.push(
        symbol(decl.decl.name, SymbolKind.TypeParameter, decl.decl.loc, decl.decl.nameLoc, typeName(t)),
      );
    }
  }
}

/** Symbols for record and enum definitions inside a type expression. */
function typeSymbols(t: TypeExpr, file: string, sizes: Sizes, out: DocumentSymbol[]): void {
  if (t.kind === 'record' && t.decl.fields && t.decl.name && t.decl.loc.file === file) {
    out.push(recordSymbol(t.decl, t.decl.name, file, sizes));
  } else if (t.kind === 'enum' && t.decl.enumerators && t.decl.loc.file === file) {
    out.push(enumSymbol(t.decl));
  } else if (t.kind === 'pointer' || t.kind === 'array') {
    typeSymbols(t.kind === 'pointer' ? t.to : t.of, file, sizes, out);
  }
}

function recordSymbol(
  decl: RecordDecl,
  name: string,
  file: string,
  sizes: Sizes,
  nameLoc = decl.nameLoc,
): DocumentSymbol {
  const kind = decl.kind === 'struct' ? SymbolKind.Struct : SymbolKind.Class;
  const s = symbol(name, kind, decl.loc, nameLoc, sizes(name) ?? decl.kind);
  s.children = (decl.fields ?? []).flatMap((f) => fieldSymbols(f, file, sizes));
  return s;
}

function fieldSymbols(f: FieldDecl, file: string, sizes: Sizes): DocumentSymbol[] {
  if (f.loc.file !== file) return [];
  const inline = f.type.kind === 'record' && f.type.decl.fields ? f.type.decl : undefined;
  if (inline && !f.name) {
    const s = symbol(`(anonymous ${inline.kind})`, SymbolKind.Struct, f.loc);
    s.children = (inline.fields ?? []).flatMap((g) => fieldSymbols(g, file, sizes));
    return [s];
  }
  if (!f.name) return [];
  const s = symbol(f.name, SymbolKind.Field, f.loc, f.nameLoc, typeName(f.type));
  if (inline) s.children = [recordSymbol(inline, inline.name ?? `(anonymous ${inline.kind})`, file, sizes)];
  return [s];
}

function enumSymbol(decl: EnumDecl): DocumentSymbol {
  const s = symbol(decl.name ?? '(anonymous enum)', SymbolKind.Enum, decl.loc, decl.nameLoc);
  s.children = (decl.enumerators ?? []).map((e) => symbol(e.name, SymbolKind.EnumMember, e.loc));
  return s;
}

function defineSymbols(model: HeaderModel, file: string): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  for (const record of model.unit.defines) {
    if (!record.active || record.nameLoc.file !== file) continue;
    const name = record.macro.name;
    const value = record.macro.params ? undefined : model.defines.get(name)?.value;
    const kind = record.macro.params ? SymbolKind.Function : SymbolKind.Constant;
    out.push(
      symbol(
        name,
        kind,
        record.nameLoc,
        record.nameLoc,
        value === undefined ? undefined : `${hex(value)} (${value})`,
      ),
    );
  }
  return out;
}
