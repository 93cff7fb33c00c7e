// The state of one preprocess run and its main loop: the macro table (with
// the lookups recorded for the include cache), the include stack, and the
// walk over a file's tokens that copies text, expands macros in place and
// hands directive lines to ./directives.ts.

import { diagnostic, type Diagnostic, type Severity } from '../diag/diagnostic';
import type { SourceLocation } from '../text/position';
import { LineStarts } from './line-starts';
import type { PreprocessCacheImpl, ResolutionRecord } from './cache';
import { Expander, ExpansionLimit, Reader, TotalExpansionLimit } from './expand';
import { FileSource, isHash, lineEnd, newlines, nextIsParen } from './file-source';
import { IncludeResolver } from './include-resolve';
import { F_BOL, K_IDENT, nameHash, type LexedFile } from './lexer';
import { OutputBuilder } from './output';
import { fileToken, type PPToken } from './pp-token';
import { bodyTextLength } from './macro-def';
import { BUILTINS, builtinToken } from './builtins';
import { writeExpansion } from './write-expansion';
import type { DirectiveSteps, Frame, MacroEntry, RunMark, Walk } from './run-state';
import type { DefineRecord, IncludeRecord, MacroDef, PragmaRecord, PreprocessOptions } from './types';
import type { FileHost } from '../host/types';
import { CHECKPOINT_EVERY, type Steps } from '../steps';
import {
  MAX_EXPANSION_DEPTH,
  MAX_EXPANSION_TOKENS,
  MAX_HEADER_BYTES,
  MAX_INCLUDE_DEPTH,
  MAX_PREPROCESSED_CHARS,
  MAX_UNIT_EXPANSION_TOKENS,
} from '../limits';

// The run's state types, where the directives and the include cache have always found them.
export type { CondEntry, DirectiveSteps, Frame, MacroEntry, RunMark, Walk } from './run-state';

/** One expansion may produce 1M tokens; all of a unit's expansions 2M (real UAPI headers: a few thousand),
 *  so exponentially growing macros cost seconds, never minutes. */
const EXPANSION_LIMITS = {
  maxTokens: MAX_EXPANSION_TOKENS,
  maxDepth: MAX_EXPANSION_DEPTH,
  maxTotalTokens: MAX_UNIT_EXPANSION_TOKENS,
};

export class Preprocessor {
  readonly macros = new Map<string, MacroEntry>();
  readonly undefSerial = new Map<string, number>();
  serial = 0;
  /** Names defined or undefined, in order (cache entries keep the final state of these). */
  readonly defineLog: string[] = [];
  readonly frames: Frame[] = [];
  readonly out = new OutputBuilder();
  readonly diagnostics: Diagnostic[] = [];
  readonly defines: DefineRecord[] = [];
  readonly includes: IncludeRecord[] = [];
  readonly pragmas: PragmaRecord[] = [];
  readonly filesRead: string[] = [];
  readonly filesSeen = new Set<string>();
  readonly resolutions: ResolutionRecord[] = [];
  /** Every file entered (also when a guard skipped it), in order: a cache entry depends on their versions. */
  readonly enteredLog: string[] = [];
  readonly unreadable = new Set<string>();
  readonly lexed = new Map<string, LexedFile>();
  readonly versions = new Map<string, string | undefined>();
  readonly lineIndexes = new Map<string, LineStarts>();
  readonly mainFiles: Set<string>;
  readonly resolver: IncludeResolver;
  readonly expander: Expander;
  readonly tracking: boolean;
  readonly maxIncludeDepth: number;
  readonly maxFileSize: number;
  readonly maxOutput: number;
  readonly maxDefined: number;
  /** Characters of the #define names and bodies met so far (built-ins excluded). */
  definedChars = 0;
  /** The error that stopped preprocessing at a size limit. */
  stoppedBy: Diagnostic | undefined;
  readonly reportedCycles = new Set<string>();
  counter = 0;
  stopped = false;
  /** The unit-wide expansion budget is used up (reported once). */
  private expansionExhausted = false;
  /** One bit per hash of every name ever defined: a miss means "certainly not a macro". */
  private readonly macroBits = new Uint8Array(1 << 17);
  configKey = '';
  /** The include cache's key: the part of the configuration entries cannot check (preprocess.ts). */
  sharedKey = '';
  /** Tokens walked and produced so far, and when the walk next pauses (processFile). */
  private work = 0;
  private nextCheckpoint = CHECKPOINT_EVERY;
  /** Tokens the last expansion produced. */
  private expansionSize = 0;

  constructor(
    readonly host: FileHost,
    readonly options: PreprocessOptions,
    mainFiles: string[],
    readonly cache: PreprocessCacheImpl | undefined,
  ) {
    this.mainFiles = new Set(mainFiles);
    this.resolver = new IncludeResolver(host, options, (m) =>
      this.report('file-unreadable', 'error', '<built-in>', 0, 0, m),
    );
    this.expander = new Expander(
      {
        lookup: (n) => this.lookup(n),
        builtin: (n, at) => builtinToken(this, n, at),
        report: (code, message, at) =>
          this.report(code, 'error', at.file, at.offset, at.offset + at.text.length, message),
        pragma: (text, at) =>
          this.pragmas.push({
            text,
            offset: this.out.length,
            loc: this.loc(at.file, at.offset, at.offset + at.text.length),
          }),
      },
      EXPANSION_LIMITS,
    );
    this.tracking = cache !== undefined;
    this.maxIncludeDepth = options.maxIncludeDepth ?? MAX_INCLUDE_DEPTH;
    this.maxFileSize = options.maxFileSize ?? MAX_HEADER_BYTES;
    this.maxOutput = options.maxOutputSize ?? MAX_PREPROCESSED_CHARS;
    this.maxDefined = options.maxDefinedChars ?? this.maxOutput;
    for (const b of BUILTINS) this.setMacroBit(nameHash(b));
  }

  private setMacroBit(h: number): void {
    const b = (h ^ (h >>> 13)) & 0xfffff;
    this.macroBits[b >> 3] |= 1 << (b & 7);
  }

  /** False when no macro with this name hash was ever defined (so a lookup would miss). */
  mayBeMacro(h: number): boolean {
    const b = (h ^ (h >>> 13)) & 0xfffff;
    return (this.macroBits[b >> 3] & (1 << (b & 7))) !== 0;
  }

  /** The macro named name, recording the lookup for the include cache. */
  lookup(name: string): MacroDef | undefined {
    const e = this.macros.get(name);
    if (this.tracking) this.noteLookup(name, e);
    return e?.def;
  }

  noteLookup(name: string, e: MacroEntry | undefined): void {
    const f = this.frames[this.frames.length - 1];
    if (!f || !f.deps || f.deps.has(name)) return;
    const serial = e ? e.serial : (this.undefSerial.get(name) ?? -1);
    if (serial < f.startSerial) f.deps.set(name, { def: e ? e.def : null, serial });
  }

  define(def: MacroDef): void {
    if (def.loc.file !== '<built-in>') {
      this.definedChars += def.name.length + bodyTextLength(def) + 1;
      if (this.definedChars + this.out.length > this.maxDefined)
        this.stopOutput(def.loc.file, 0, 'definitions');
    }
    this.setMacroBit(nameHash(def.name));
    this.macros.set(def.name, { def, serial: ++this.serial });
    this.defineLog.push(def.name);
  }

  undefine(name: string): void {
    this.macros.delete(name);
    this.undefSerial.set(name, ++this.serial);
    this.defineLog.push(name);
  }

  /** Line index of a file read in this run, in the cache, or (last resort) read again. */
  lineIndex(file: string): LineStarts | undefined {
    let li = this.lineIndexes.get(file);
    if (!li) {
      const lf = this.lexed.get(file) ?? this.cache?.lexed.get(file)?.file;
      if (lf) li = lf.lineIndex ??= new LineStarts(lf.text);
      else {
        const text = this.readQuietly(file);
        if (text === undefined) return undefined;
        li = new LineStarts(text);
      }
      this.lineIndexes.set(file, li);
    }
    return li;
  }

  /**
   * Line indexes for the unit's map, which lives as long as the model: the files the output came
   * from get theirs now (shared with their lexed file, so a run's ABIs make each once), another
   * file is read again if ever asked. The map no longer holds the run itself (its lexed tokens,
   * macro table and cache): on a 10,000-struct header that was ~5 MB for as long as the model lived.
   */
  detachedLineIndex(files: readonly string[]): (file: string) => LineStarts | undefined {
    const known = new Map<string, LineStarts>();
    for (const file of files) {
      const li = this.lineIndex(file);
      if (li) known.set(file, li);
    }
    const host = this.host;
    return (file) => {
      let li = known.get(file);
      if (!li) {
        const text = readQuietly(host, file);
        if (text === undefined) return undefined;
        known.set(file, (li = new LineStarts(text)));
      }
      return li;
    };
  }

  private readQuietly(file: string): string | undefined {
    return readQuietly(this.host, file);
  }

  /** The file's version stamp (memoized); fallback files are versioned by their text. */
  version(path: string, fallbackText?: string): string | undefined {
    if (this.versions.has(path)) return this.versions.get(path);
    let v: string | undefined;
    if (fallbackText !== undefined) v = `text:${fallbackText}`;
    else {
      try {
        v = this.host.version?.(path);
      } catch {
        v = undefined;
      }
    }
    this.versions.set(path, v);
    return v;
  }

  noteFileRead(path: string): void {
    if (this.filesSeen.has(path)) return;
    this.filesSeen.add(path);
    this.filesRead.push(path);
  }

  /** `__has_include`: resolves like #include, and records the answer for the cache. */
  hasInclude(spelled: string, angled: boolean, nextAfter: number | undefined, fromFile: string): boolean {
    const res = this.resolver.resolve({ spelled, angled, fromFile, nextAfter });
    this.resolutions.push({ spelled, angled, fromFile, nextAfter, resolved: res?.path ?? null });
    return res !== null;
  }

  loc(file: string, start: number, end: number): SourceLocation {
    const li = this.lineIndex(file);
    return {
      file,
      range: li
        ? li.rangeOf(start, end)
        : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
  }

  /** The location of [start, end) in a lexed file (original-text offsets). */
  fileLoc(f: LexedFile, start: number, end: number): SourceLocation {
    return { file: f.path, range: (f.lineIndex ??= new LineStarts(f.text)).rangeOf(start, end) };
  }

  report(code: string, severity: Severity, file: string, start: number, end: number, message: string): void {
    const { range } = this.loc(file, start, end);
    this.diagnostics.push(diagnostic(code, severity, file, range, message));
  }

  markUncacheable(): void {
    for (const f of this.frames) f.uncacheable = true;
  }

  mark(): RunMark {
    return {
      parts: this.out.parts.length,
      out: this.out.length,
      segs: this.out.segmentCount,
      diags: this.diagnostics.length,
      includes: this.includes.length,
      entered: this.enteredLog.length,
      log: this.defineLog.length,
      resolutions: this.resolutions.length,
      pragmas: this.pragmas.length,
    };
  }

  /** Walks one file: copies text, expands macros, runs directives. Pauses every CHECKPOINT_EVERY
   *  tokens (a 1 MB line is one walk) and inside #includes (the directive's steps). */
  *processFile(frame: Frame, directive: DirectiveSteps): Steps<void> {
    const f = frame.file;
    const n = f.count;
    const w: Walk = { copyFrom: 0 };
    let i = 0;
    while (i < n && !this.stopped) {
      // Counted over the whole unit (many small includes add up) and in tokens an expansion made.
      if (++this.work >= this.nextCheckpoint) {
        this.nextCheckpoint = this.work + CHECKPOINT_EVERY;
        yield;
      }
      if ((f.flags[i] & F_BOL) !== 0 && isHash(f, i)) {
        const end = lineEnd(f, i);
        const include = directive(frame, i, end, w);
        if (include) yield* include;
        i = end;
        continue;
      }
      const c = frame.cond;
      if (c.length && !c[c.length - 1].active) {
        i++;
        continue;
      }
      // Identifiers whose hash no macro ever had need no lookup, unless this frame records its
      // misses as dependencies for the include cache (a main file's frame records none).
      if (f.kind[i] === K_IDENT && (frame.deps !== null || this.mayBeMacro(f.hash[i]))) {
        const name = f.clean.slice(f.start[i], f.end[i]);
        const def = this.lookup(name);
        if (def ? !def.params || nextIsParen(f, i + 1) : BUILTINS.has(name)) {
          i = yield* this.expandAt(frame, i, w);
          this.work += this.expansionSize;
          continue;
        }
      }
      i++;
    }
    this.flush(frame, f.text.length, w);
    if (!this.out.endsWithNewline()) this.out.emit('\n', f.path, f.text.length, f.text.length);
  }

  /** Outputs source up to orig offset `to`: copied when active, as blank lines when skipped. */
  flush(frame: Frame, to: number, w: Walk, activeOverride?: boolean): void {
    const f = frame.file;
    if (to <= w.copyFrom) return;
    const c = frame.cond;
    const active = activeOverride ?? (c.length === 0 || c[c.length - 1].active);
    if (active) this.out.copy(f.path, f.text, w.copyFrom, to);
    else this.out.emit(newlines(f.text, w.copyFrom, to), f.path, w.copyFrom, to);
    w.copyFrom = to;
    if (this.out.length > this.maxOutput) this.stopOutput(f.path, w.copyFrom);
    else if (this.definedChars > 0 && this.out.length + this.definedChars > this.maxDefined)
      this.stopOutput(f.path, w.copyFrom, 'definitions');
  }

  /** Past maxOutput (or maxDefined) the unit is refused anyway: say so once and stop, before it grows further. */
  private stopOutput(file: string, at: number, what: 'text' | 'definitions' = 'text'): void {
    if (this.stopped) return;
    this.stopped = true;
    this.report(
      'file-too-large',
      'error',
      file,
      at,
      at,
      what === 'text'
        ? `expanded text exceeds ${this.maxOutput} characters; preprocessing stopped`
        : `#define names and bodies and the expanded text together exceed ${this.maxDefined} characters; preprocessing stopped`,
    );
    this.stoppedBy = this.diagnostics[this.diagnostics.length - 1];
  }

  /** Expands the invocation starting at token i; returns the index after the tokens it used. In
   *  steps: a huge argument list or expansion pauses (the expander's checkpoints). */
  private *expandAt(frame: Frame, i: number, w: Walk): Steps<number> {
    const f = frame.file;
    const src = new FileSource(f, i);
    const r = new Reader(src);
    const first = src.next()!;
    const out: PPToken[] = [];
    let failed = false;
    this.expander.resetBudget();
    try {
      yield* this.expander.expandSteps(first, r, out);
    } catch (e) {
      if (!(e instanceof ExpansionLimit)) throw e;
      failed = true;
      // Once the unit's budget is used up every expansion fails: say so once, not at every macro.
      if (!(e instanceof TotalExpansionLimit) || !this.expansionExhausted)
        this.report(
          'macro-expansion',
          'error',
          f.path,
          first.offset,
          first.offset + first.text.length,
          e.message,
        );
      if (e instanceof TotalExpansionLimit) this.expansionExhausted = true;
    }
    const last = src.lastConsumed;
    this.expansionSize = out.length;
    if (last === i && out.length === 1 && out[0] === first) return i + 1;
    const from = f.toOrig(f.start[i]);
    const to = f.toOrig(f.end[last]);
    this.flush(frame, from, w);
    if (failed) {
      this.out.copy(f.path, f.text, from, to);
    } else {
      this.emitExpansion(out, f, from, to);
    }
    w.copyFrom = to;
    return last + 1;
  }

  /** Outputs expansion tokens for source [from, to): tokens written verbatim in the file (macro
   *  arguments) map exactly to where they were written, everything else to the whole invocation. */
  private emitExpansion(tokens: PPToken[], f: LexedFile, from: number, to: number): void {
    // Measured before it is built: a million copies of a long string literal is a few tokens
    // to the expander but gigabytes of text (V8: "Invalid string length").
    let size = this.out.length;
    for (const t of tokens) size += t.text.length + 1;
    if (size > this.maxOutput) {
      this.stopOutput(f.path, from);
      this.out.emit(newlines(f.text, from, to), f.path, from, to);
      return;
    }
    writeExpansion(this.out, tokens, f, from, to);
  }

  /** Materializes the tokens of a directive line (after the '#'). */
  lineTokens(f: LexedFile, from: number, to: number): PPToken[] {
    const toks: PPToken[] = [];
    for (let t = from; t < to; t++) toks.push(fileToken(f, t));
    return toks;
  }
}

function readQuietly(host: FileHost, file: string): string | undefined {
  if (file.startsWith('<')) return undefined;
  try {
    return host.readFile(file);
  } catch {
    return undefined;
  }
}
