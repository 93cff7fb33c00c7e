// Public entry point: expanded text + source map -> TranslationUnit. Reparses
// incrementally from a previous unit (edit = common prefix/suffix), never throws,
// and uses the hand-written parser alone when the grammar is not loaded or when
// tree-sitter overruns its time budget (slow error recovery on large damaged input).

import { diagnostic } from '../diag/diagnostic';
import { DiagCode } from '../diag/codes';
import type { SourceMapLike } from '../preprocess/types';
import { LineIndex, ZERO_RANGE } from '../text/position';
import type { Decl, TranslationUnit } from '../lang/ast';
import { LowerContext } from './lower/lower-context';
import {
  lowerMemoOf,
  lowerTopLevelReusing,
  rememberLowering,
  type LowerMemo,
  type SharedLowering,
} from './lower/lower-reuse';
import { normalizeForTreeSitter } from './normalize';
import { fastTextChange } from './tree-sitter/text-change';
import { budgetCheck, DEFAULT_PARSE_BUDGET, type ParseBudget } from './recovery/parse-budget';
import { parseTopLevelSteps } from './recovery/parse-top';
import { runSync, type Steps } from '../steps';
import type { SyntaxNode } from './tree-sitter/syntax-node';
import {
  isParserReady,
  parseTreeWithin,
  withSyntax,
  type ParseTree,
  type TextChange,
} from './tree-sitter/tree-sitter';

/** How the unit was parsed: tree-sitter (damaged regions re-read by hand), the hand parser
 *  alone because tree-sitter overran its budget, because the grammar is not loaded, or
 *  because the caller chose it (`parser: 'hand'`). */
export type ParsePath = 'tree-sitter' | 'hand-after-budget' | 'hand-no-grammar' | 'hand-chosen';

/** Which parser reads a unit. Both give the same AST on valid C (test/unit/parser);
 *  the hand parser needs no grammar load and reads a whole unit about 4x faster,
 *  tree-sitter reparses incrementally from the previous tree. bench/ measures both. */
export type ParserChoice = 'tree-sitter' | 'hand';

export interface ParseUnitOptions {
  /** tree-sitter's time budget; DEFAULT_PARSE_BUDGET when omitted. */
  budget?: ParseBudget;
  /** Lowered items shared with sibling parses of the same source (the document's other ABIs). */
  shared?: SharedLowering;
  /** 'hand' skips tree-sitter even when it is loaded; default: tree-sitter when loaded. */
  parser?: ParserChoice;
}

export interface ParsedUnit {
  readonly ast: TranslationUnit;
  /** The text that was parsed (as given). */
  readonly text: string;
  /** Which parser produced the AST. After 'hand-after-budget' there is no tree: the
   *  next parse from this unit is a full one. */
  readonly path: ParsePath;
  /** Frees the tree-sitter tree. Idempotent; the AST stays usable. */
  dispose(): void;
}

class Unit implements ParsedUnit {
  constructor(
    readonly ast: TranslationUnit,
    readonly text: string,
    /** What tree-sitter saw (same length as text, see normalize.ts). */
    readonly parsedText: string,
    public tree: ParseTree | undefined,
    readonly path: ParsePath,
  ) {}

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

/** Parses expanded C text; with `previous`, reuses its tree for an incremental reparse. */
export function parseUnit(
  text: string,
  map: SourceMapLike,
  previous?: ParsedUnit,
  options: ParseUnitOptions = {},
): ParsedUnit {
  return runSync(parseUnitSteps(text, map, previous, options));
}

/** The same as parseUnit, pausing between top-level declarations of the hand parser
 *  (tree-sitter's parse is one step, bounded by its time budget). */
export function* parseUnitSteps(
  text: string,
  map: SourceMapLike,
  previous?: ParsedUnit,
  options: ParseUnitOptions = {},
): Steps<ParsedUnit> {
  const ctx = new LowerContext(text, map);
  // Only tree-sitter reads the rewritten text: the hand parser (every header) skips the regex pass
  // over the whole unit, once per ABI (and its tree-less unit is never an incremental base).
  let parsedText = text;
  let tree: ParseTree | undefined;
  let path: ParsePath =
    options.parser === 'hand' ? 'hand-chosen' : isParserReady() ? 'tree-sitter' : 'hand-no-grammar';
  const decls: Decl[] = [];
  let memo: LowerMemo | undefined;
  try {
    if (path === 'tree-sitter') {
      parsedText = normalizeForTreeSitter(text);
      const cancel = budgetCheck(options.budget ?? DEFAULT_PARSE_BUDGET);
      tree = parseTreeWithin(parsedText, incrementalBase(previous, parsedText), cancel);
      if (!tree) path = 'hand-after-budget';
    }
    if (tree) {
      const base = lowerMemoOf(previous);
      // Nothing to reuse (a first parse, no siblings): copying every subtree at once is cheaper.
      const lower = (root: SyntaxNode) => lowerTopLevelReusing(ctx, root, decls, base, options.shared);
      memo = withSyntax(tree, parsedText, lower, base !== undefined || options.shared !== undefined);
    } else {
      ctx.items = options.shared?.handItems.begin(ctx);
      yield* parseTopLevelSteps(ctx, 0, text.length, decls);
      ctx.items?.finish();
      ctx.items = undefined;
    }
  } catch (err) {
    memo = undefined;
    internalError(ctx, err);
  }
  const unit = new Unit({ decls, diagnostics: ctx.diagnostics }, text, parsedText, tree, path);
  if (memo) rememberLowering(unit, memo);
  return unit;
}

function incrementalBase(
  previous: ParsedUnit | undefined,
  text: string,
): { tree: ParseTree; oldText: string; change: TextChange } | undefined {
  if (!(previous instanceof Unit) || !previous.tree) return undefined;
  return { tree: previous.tree, oldText: previous.parsedText, change: textChange(previous.parsedText, text) };
}

/** The smallest single edit turning oldText into newText: common prefix and suffix. */
export function textChange(oldText: string, newText: string): TextChange {
  return fastTextChange(oldText, newText);
}

function internalError(ctx: LowerContext, err: unknown): void {
  const where = ctx.loc(0, 0);
  const cause = err instanceof Error ? err.message : String(err);
  ctx.diagnostics.push(
    diagnostic(DiagCode.syntaxError, 'error', where.file, ZERO_RANGE, `internal parser error: ${cause}`),
  );
}

/** A map for text that was not preprocessed: every offset maps to itself in `file`. */
export function identityMap(file: string, text: string): SourceMapLike {
  let index: LineIndex | undefined;
  return {
    locate(start: number, end: number) {
      index ??= new LineIndex(text);
      return { file, range: index.rangeOf(start, end) };
    },
  };
}
