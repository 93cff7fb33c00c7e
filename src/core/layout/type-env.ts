// The ABI-independent index of named types in one or more translation units:
// typedefs, struct/union tags (including records defined inline inside other
// declarations), enums and enumerators. Per-ABI questions go to LayoutContext.

import type {
  Decl,
  EnumDecl,
  FieldDecl,
  RecordDecl,
  TranslationUnit,
  TypedefDecl,
  TypeExpr,
} from '../lang/ast';
import type { Diagnostic } from '../diag/diagnostic';
import { DiagCode } from '../diag/codes';
import { sameDefinition } from './same-definition';
import { PackState, type PackPragma } from './pragma-pack';

export interface TypeEnvOptions {
  /** `#pragma` lines of the units (the preprocessor's PragmaRecords); `pack` ones change layouts. */
  pragmas?: readonly PackPragma[];
}

export interface EnumeratorRef {
  decl: EnumDecl;
  index: number;
}

/** Named types of the given units; the last complete definition of a tag wins. */
export class TypeEnv {
  readonly diagnostics: Diagnostic[] = [];
  private readonly structs = new Map<string, RecordDecl>();
  private readonly unions = new Map<string, RecordDecl>();
  private readonly enums = new Map<string, EnumDecl>();
  private readonly typedefs = new Map<string, TypedefDecl>();
  private readonly enumerators = new Map<string, EnumeratorRef>();
  /** Every complete record definition in source order (anonymous ones included). */
  private readonly records: RecordDecl[] = [];
  private readonly seen = new Set<RecordDecl>();
  /** Typedef names given to anonymous records (`typedef struct {...} foo_t;`). */
  private readonly anonNames = new Map<RecordDecl, string>();

  private readonly pack: PackState;

  constructor(units: TranslationUnit | readonly TranslationUnit[], options: TypeEnvOptions = {}) {
    this.pack = new PackState(options.pragmas ?? []);
    const list = Array.isArray(units) ? units : [units as TranslationUnit];
    for (const unit of list) {
      for (const decl of unit?.decls ?? []) this.addDecl(decl);
    }
  }

  /** `struct X` / `union X`; with tag undefined, a struct first, then a union. */
  record(name: string, tag?: 'struct' | 'union'): RecordDecl | undefined {
    if (tag === 'struct') return this.structs.get(name);
    if (tag === 'union') return this.unions.get(name);
    return this.structs.get(name) ?? this.unions.get(name);
  }

  typedef(name: string): TypedefDecl | undefined {
    return this.typedefs.get(name);
  }

  enumDecl(name: string): EnumDecl | undefined {
    return this.enums.get(name);
  }

  /** Every enum with a body (named or not), each once (listed once: a pass over every enumerator). */
  allEnums(): EnumDecl[] {
    this.enumList ??= [...new Set([...this.enumerators.values()].map((r) => r.decl))];
    return this.enumList.slice();
  }

  private enumList?: EnumDecl[];

  enumerator(name: string): EnumeratorRef | undefined {
    return this.enumerators.get(name);
  }

  isTypedefName(name: string): boolean {
    return this.typedefs.has(name);
  }

  /** Complete record definitions in source order, later redefinitions replacing earlier ones. */
  allRecords(): RecordDecl[] {
    return this.records.filter((r) => !r.name || this.record(r.name, r.kind) === r);
  }

  /** Maximum field alignment from `#pragma pack` where the record is defined (0: none). */
  maxFieldAlign(decl: RecordDecl): number {
    return this.pack.empty ? 0 : this.pack.at(decl.loc);
  }

  /** The name a record is known by: its tag, else the typedef naming it, else undefined. */
  recordName(decl: RecordDecl): string | undefined {
    return decl.name ?? this.anonNames.get(decl);
  }

  /** Finds a record by `foo`, `struct foo`, `union foo` or a typedef name of a record. */
  findRecord(spec: string): RecordDecl | undefined {
    const m = /^\s*(struct|union)\s+(\w+)\s*$/.exec(spec);
    if (m) return this.record(m[2], m[1] as 'struct' | 'union');
    const name = spec.trim();
    return this.record(name) ?? this.recordOfTypedef(name);
  }

  private recordOfTypedef(name: string): RecordDecl | undefined {
    let t: TypeExpr | undefined = this.typedefs.get(name)?.type;
    for (let depth = 0; t && depth < 32; depth++) {
      if (t.kind === 'record') return t.decl.fields ? t.decl : this.record(t.decl.name ?? '', t.decl.kind);
      if (t.kind === 'record-ref') return this.record(t.name, t.tag);
      if (t.kind !== 'typedef-ref') return undefined;
      t = this.typedefs.get(t.name)?.type;
    }
    return undefined;
  }

  private addDecl(decl: Decl): void {
    switch (decl.kind) {
      case 'record':
        this.addRecord(decl.decl);
        break;
      case 'enum':
        this.addEnum(decl.decl);
        break;
      case 'typedef':
        this.addTypedef(decl.decl);
        break;
      case 'other':
        this.walkType(decl.type);
        break;
    }
  }

  private addTypedef(td: TypedefDecl): void {
    const prev = this.typedefs.get(td.name);
    if (prev && prev !== td && !sameDefinition(prev.type, td.type)) {
      this.redefined(`typedef '${td.name}'`, td.loc, prev.loc);
    }
    this.typedefs.set(td.name, td);
    if (td.type.kind === 'record' && !td.type.decl.name && !this.anonNames.has(td.type.decl)) {
      this.anonNames.set(td.type.decl, td.name);
    }
    this.walkType(td.type);
  }

  private addRecord(rd: RecordDecl): void {
    if (this.seen.has(rd)) return;
    for (const f of rd.fields ?? []) this.walkField(f);
    if (!rd.fields) return;
    this.seen.add(rd);
    this.records.push(rd);
    if (!rd.name) return;
    const map = rd.kind === 'struct' ? this.structs : this.unions;
    const prev = map.get(rd.name);
    if (prev && prev !== rd && !sameDefinition(prev, rd)) {
      this.redefined(`${rd.kind} '${rd.name}'`, rd.loc, prev.loc);
    }
    map.set(rd.name, rd);
  }

  private addEnum(ed: EnumDecl): void {
    if (!ed.enumerators) return;
    if (ed.name) {
      const prev = this.enums.get(ed.name);
      if (prev && prev !== ed && !sameDefinition(prev, ed))
        this.redefined(`enum '${ed.name}'`, ed.loc, prev.loc);
      this.enums.set(ed.name, ed);
    }
    ed.enumerators.forEach((e, index) => this.enumerators.set(e.name, { decl: ed, index }));
  }

  private walkField(f: FieldDecl): void {
    this.walkType(f.type);
  }

  /** Registers records and enums defined inline anywhere inside a type. */
  private walkType(t: TypeExpr): void {
    for (let depth = 0; depth < 64; depth++) {
      if (t.kind === 'record') return this.addRecord(t.decl);
      if (t.kind === 'enum') return this.addEnum(t.decl);
      if (t.kind === 'pointer') t = t.to;
      else if (t.kind === 'array') t = t.of;
      else if (t.kind === 'function') t = t.returns;
      else return;
    }
  }

  private redefined(what: string, loc: RecordDecl['loc'], prevLoc: RecordDecl['loc']): void {
    this.diagnostics.push({
      code: DiagCode.redefinition,
      severity: 'warning',
      file: loc.file,
      range: loc.range,
      message: `redefinition of ${what} with a different definition; the last one is used`,
      related: [{ file: prevLoc.file, range: prevLoc.range, message: 'previous definition is here' }],
    });
  }
}
