// The model's view of the layout engine for one unit and ABI: which records
// the main files define, lookup by name, and the layout diagnostics of them.

import type { AbiSpec } from '../abi/types';
import type { Diagnostic } from '../diag/diagnostic';
import { DiagCode } from '../diag/codes';
import {
  allRecordLayouts,
  allRecordLayoutSteps,
  layoutContext,
  layoutRecord,
  TypeEnv,
} from '../layout/index';
import { CHECKPOINT_EVERY, type Steps } from '../steps';
import type { RecordLayout } from '../layout/types';
import type { TranslationUnit } from '../lang/ast';
import type { PragmaRecord } from '../preprocess/types';

export class RecordIndex {
  readonly env: TypeEnv;
  private mainCache?: RecordLayout[];
  private allCache?: RecordLayout[];

  constructor(
    ast: TranslationUnit,
    pragmas: readonly PragmaRecord[],
    private readonly abi: AbiSpec,
    private readonly mainFiles: ReadonlySet<string>,
  ) {
    // #pragma pack lives in the preprocessor's records, not in the AST.
    this.env = new TypeEnv(ast, { pragmas });
  }

  /** Type-environment problems (redefinitions) plus layout problems of the main files' records. */
  get diagnostics(): Diagnostic[] {
    return [...this.unitDiagnostics, ...this.main().flatMap((l) => l.diagnostics)];
  }

  /** The same without laying anything out: the problems of the unit, none of a record's layout. */
  get unitDiagnostics(): Diagnostic[] {
    return [...this.env.diagnostics, ...this.enumDiagnostics()];
  }

  /** Enums of the main files that gcc rejects (an enumerator value no 64-bit type holds). */
  private enumDiagnostics(): Diagnostic[] {
    const ctx = layoutContext(this.env, this.abi);
    const out: Diagnostic[] = [];
    for (const decl of this.env.allEnums()) {
      if (!this.mainFiles.has(decl.loc.file)) continue;
      const bad = ctx.enumInfo(decl)?.overflow;
      const at = bad && decl.enumerators?.[bad.index]?.loc;
      if (!bad || !at) continue;
      out.push({
        code: DiagCode.exprError,
        severity: 'error',
        file: at.file,
        range: at.range,
        message: `${bad.message}; gcc rejects this enum`,
      });
    }
    return out;
  }

  /** Computes the values of every enum of thousands of enumerators in steps (layout-context.ts), so
   *  that the enum diagnostics and the records using one find them done instead of computing one
   *  whole enum in a single step; smaller enums are computed when asked, at once. */
  *enumsSteps(): Steps<void> {
    const ctx = layoutContext(this.env, this.abi);
    for (const decl of this.env.allEnums()) {
      if ((decl.enumerators?.length ?? 0) > CHECKPOINT_EVERY) yield* ctx.enumInfoSteps(decl);
    }
  }

  /** Lays out the main files' records, pausing between them (main() then answers from them). */
  *layoutMainSteps(): Steps<void> {
    if (this.mainCache) return;
    const main = yield* allRecordLayoutSteps(this.env, this.abi, (_name, decl) =>
      this.mainFiles.has(decl.loc.file),
    );
    this.mainCache = main;
  }

  main(): RecordLayout[] {
    this.mainCache ??= allRecordLayouts(this.env, this.abi, (_name, decl) =>
      this.mainFiles.has(decl.loc.file),
    );
    return this.mainCache;
  }

  all(): RecordLayout[] {
    this.allCache ??= allRecordLayouts(this.env, this.abi);
    return this.allCache;
  }

  get(name: string): RecordLayout | undefined {
    return layoutRecord(this.env, this.abi, name);
  }
}
