// Public entry point: expanded text + source map -> TranslationUnit. Reparses
// incrementally from a previous unit (edit = common prefix/suffix), never throws,
// and falls back to the hand-written parser if the grammar is not loaded.

import { diagnostic } from '../diag/diagnostic';
import { DiagCode } from '../diag/codes';
import type { SourceMapLike } from '../preprocess/types';
import { LineIndex, ZERO_RANGE } from '../text/position';
import type { Decl, TranslationUnit } from './ast';
import { LowerContext } from './lower-context';
import { lowerTopLevel } from './lower-unit';
import { normalizeForTreeSitter } from './normalize';
import { parseTopLevelRegion } from './parse-top';
import { isParserReady, parseTree, toSyntax, type ParseTree, type TextChange } from './tree-sitter';

export interface ParsedUnit {
  readonly ast: TranslationUnit;
  /** The text that was parsed (as given). */
  readonly text: string;
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
  ) {}

  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
  }
}

/** Parses expanded C text; with `previous`, reuses its tree for an incremental reparse. */
export function parseUnit(text: string, map: SourceMapLike, previous?: ParsedUnit): ParsedUnit {
  const ctx = new LowerContext(text, map);
  const parsedText = normalizeForTreeSitter(text);
  let tree: ParseTree | undefined;
  const decls: Decl[] = [];
  try {
    if (isParserReady()) {
      tree = parseTree(parsedText, incrementalBase(previous, parsedText));
      lowerTopLevel(ctx, toSyntax(tree, parsedText), decls);
    } else {
      parseTopLevelRegion(ctx, 0, text.length, decls);
    }
  } catch (err) {
    internalError(ctx, err);
  }
  return new Unit({ decls, diagnostics: ctx.diagnostics }, text, parsedText, tree);
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
  const max = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < max && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let tail = 0;
  while (
    tail < max - start &&
    oldText.charCodeAt(oldText.length - 1 - tail) === newText.charCodeAt(newText.length - 1 - tail)
  )
    tail++;
  return { start, oldEnd: oldText.length - tail, newEnd: newText.length - tail };
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
