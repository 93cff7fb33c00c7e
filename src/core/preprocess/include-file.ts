// Entering a file: resolution, reading and lexing (with refusals for huge,
// binary or unreadable files), include guards and #pragma once, cycle and
// depth limits, and the include cache (reuse a recorded effect, or record one).

import { DiagCode } from '../diag/codes';
import { HostRefusal } from '../host/types';
import { entryValid, type CacheEntry } from './cache';
import { entryFor } from './cache-record';
import { closeConditionals } from './directives';
import { lexFileSteps, type LexedFile } from './lexer';
import type { DirectiveSteps, Frame, Preprocessor } from './preprocessor';
import { PRAGMA_ENTER, PRAGMA_LEAVE } from './types';
import type { Steps } from '../steps';
import { pushAll } from '../text/push-all';

export type DirectiveFn = DirectiveSteps;

export interface IncludeSite {
  file: string;
  start: number;
  end: number;
}

/** Runs `#include` of spelled (resolution, record, then the file itself); pauses inside the file. */
export function* includeFile(
  pp: Preprocessor,
  spelled: string,
  angled: boolean,
  nextAfter: number | undefined,
  at: IncludeSite,
  directive: DirectiveFn,
): Steps<void> {
  const res = pp.resolver.resolve({ spelled, angled, fromFile: at.file, nextAfter });
  pp.resolutions.push({ spelled, angled, fromFile: at.file, nextAfter, resolved: res?.path ?? null });
  const from = pp.lexed.get(at.file);
  const loc = from ? pp.fileLoc(from, at.start, at.end) : pp.loc(at.file, at.start, at.end);
  pp.includes.push({ fromFile: at.file, loc, spelled, angled, resolved: res?.path ?? null });
  if (!res) {
    const shown = angled ? `<${spelled}>` : `"${spelled}"`;
    pp.report(
      DiagCode.includeNotFound,
      'error',
      at.file,
      at.start,
      at.end,
      `${shown}: file not found in the include path`,
    );
    return;
  }
  yield* enterFile(pp, res.path, res.dirIndex, res.text, at, directive);
}

/** Processes a file (a main file when `at` is undefined) unless a guard, cycle or limit stops it. */
export function* enterFile(
  pp: Preprocessor,
  path: string,
  dirIndex: number,
  fallbackText: string | undefined,
  at: IncludeSite | undefined,
  directive: DirectiveFn,
): Steps<void> {
  if (pp.stopped) return;
  if (pp.options.signal?.aborted) {
    pp.stopped = true;
    pp.report(DiagCode.fileUnreadable, 'info', path, 0, 0, 'preprocessing was cancelled');
    return;
  }
  if (pp.frames.length >= pp.maxIncludeDepth) {
    pp.markUncacheable();
    const site = at ?? { file: path, start: 0, end: 0 };
    pp.report(
      DiagCode.includeDepth,
      'error',
      site.file,
      site.start,
      site.end,
      `#include nested deeper than ${pp.maxIncludeDepth} levels (at ${path})`,
    );
    return;
  }
  const lf = yield* loadFile(pp, path, fallbackText, at);
  if (!lf) return;
  pp.enteredLog.push(path);
  if (lf.guard !== undefined && pp.lookup(lf.guard) !== undefined) return;
  if (lf.pragmaOnce && pp.lookup(`#once ${path}`) !== undefined) return;
  if (isEndlessCycle(pp, path)) return reportCycle(pp, path, at);
  const isMain = at === undefined || pp.mainFiles.has(path);
  const version = pp.cache && !isMain ? pp.version(path, fallbackText) : undefined;
  if (version !== undefined && replayCached(pp, path, version)) {
    markInclude(pp, PRAGMA_LEAVE, path, at);
    return;
  }
  const frame: Frame = {
    file: lf,
    dirIndex,
    isMain,
    cond: [],
    startSerial: pp.serial + 1,
    deps: version !== undefined ? new Map() : null,
    uncacheable: false,
    version,
    mark: pp.mark(),
  };
  pp.out.seal();
  markInclude(pp, PRAGMA_ENTER, path, undefined);
  pp.frames.push(frame);
  yield* pp.processFile(frame, directive);
  closeConditionals(pp, frame);
  pp.frames.pop();
  markInclude(pp, PRAGMA_LEAVE, path, at);
  propagateDeps(pp, frame);
  if (version !== undefined && pp.cache) {
    const entry = entryFor(pp, frame);
    if (entry) pp.cache.put(pp.sharedKey, path, version, entry);
  }
}

function markInclude(pp: Preprocessor, text: string, path: string, at: IncludeSite | undefined): void {
  if (text === PRAGMA_ENTER) {
    const loc = { file: path, range: { start: { line: -1, character: 0 }, end: { line: -1, character: 0 } } };
    pp.pragmas.push({ text, offset: pp.out.length, loc });
  } else if (at) {
    const from = pp.lexed.get(at.file);
    const loc = from ? pp.fileLoc(from, at.start, at.end) : pp.loc(at.file, at.start, at.end);
    pp.pragmas.push({ text, offset: pp.out.length, loc });
  }
}

/** Re-entering a file that is being processed is allowed (gcc's limits.h does it on purpose) only if
 *  some macro changed since it was entered, and a few times at most: otherwise it would repeat forever. */
function isEndlessCycle(pp: Preprocessor, path: string): boolean {
  let open = 0;
  let latest: Frame | undefined;
  for (const fr of pp.frames) {
    if (fr.file.path !== path) continue;
    open++;
    latest = fr;
  }
  if (!latest) return false;
  return open >= 3 || pp.serial < latest.startSerial;
}

function reportCycle(pp: Preprocessor, path: string, at: IncludeSite | undefined): void {
  pp.markUncacheable();
  const site = at ?? { file: path, start: 0, end: 0 };
  const key = `${site.file}\0${site.start}\0${path}`;
  if (pp.reportedCycles.has(key)) return;
  pp.reportedCycles.add(key);
  const chain = [
    ...pp.frames.map((f) => f.file.path).slice(pp.frames.findIndex((f) => f.file.path === path)),
    path,
  ];
  pp.report(
    DiagCode.includeCycle,
    'error',
    site.file,
    site.start,
    site.end,
    `#include cycle without include guard: ${chain.join(' -> ')}`,
  );
}

/** A child's external lookups are the parent's too, unless the parent's subtree made them. */
function propagateDeps(pp: Preprocessor, child: Frame): void {
  const parent = pp.frames[pp.frames.length - 1];
  if (!parent || !parent.deps || !child.deps) return;
  for (const [name, d] of child.deps) {
    if (d.serial < parent.startSerial && !parent.deps.has(name)) parent.deps.set(name, d);
  }
}

function replayCached(pp: Preprocessor, path: string, version: string): boolean {
  const cache = pp.cache!;
  for (const entry of cache.candidates(pp.sharedKey, path, version)) {
    // #include_next resolutions name a position in the include directories of the configuration
    // that recorded them: another configuration (ABI) re-runs such a file instead of checking.
    if (entry.config !== pp.configKey && entry.resolutions.some((r) => r.nextAfter !== undefined)) continue;
    const ok = entryValid(entry, {
      version: (p) => pp.version(p),
      macro: (n) => pp.macros.get(n)?.def,
      resolve: (r) => pp.resolver.resolve(r)?.path ?? null,
    });
    if (ok) {
      replay(pp, entry);
      return true;
    }
  }
  return false;
}

function replay(pp: Preprocessor, entry: CacheEntry): void {
  for (const [name] of entry.deps) pp.noteLookup(name, pp.macros.get(name));
  for (const [name, def] of entry.effects) {
    if (def) pp.define(def);
    else pp.undefine(name);
  }
  const base = pp.out.length;
  pp.out.append(entry.text, entry.segments);
  for (const p of entry.pragmas) pp.pragmas.push({ ...p, offset: p.offset + base });
  pushAll(pp.includes, entry.includes);
  pushAll(pp.diagnostics, entry.diagnostics);
  pushAll(pp.resolutions, entry.resolutions);
  for (const [p] of entry.files) {
    pp.enteredLog.push(p);
    pp.noteFileRead(p);
  }
}

/** Reads and lexes a file once per run (and once per version with a cache); pauses while lexing. */
function* loadFile(
  pp: Preprocessor,
  path: string,
  fallbackText: string | undefined,
  at: IncludeSite | undefined,
): Steps<LexedFile | undefined> {
  const known = pp.lexed.get(path);
  if (known) return known;
  if (pp.unreadable.has(path)) return undefined;
  const version = pp.version(path, fallbackText);
  let lf = version !== undefined ? pp.cache?.getLexed(path, version) : undefined;
  if (!lf) {
    const text = fallbackText ?? readText(pp, path, at);
    if (text === undefined) {
      pp.unreadable.add(path);
      return undefined;
    }
    lf = yield* lexFileSteps(path, text);
    if (lf.unterminatedComment >= 0) {
      const o = lf.toOrig(lf.unterminatedComment);
      pp.lexed.set(path, lf);
      pp.report(DiagCode.directiveError, 'error', path, o, o + 2, 'unterminated comment');
    }
    if (version !== undefined) pp.cache?.putLexed(path, version, lf);
  }
  pp.lexed.set(path, lf);
  pp.noteFileRead(path);
  return lf;
}

function readText(pp: Preprocessor, path: string, at: IncludeSite | undefined): string | undefined {
  const site = at ?? { file: path, start: 0, end: 0 };
  let text: string | undefined;
  try {
    text = pp.host.readFile(path);
  } catch (e) {
    // A host refusal already names the path and the cause (outside the roots, a FIFO, over the limit).
    if (e instanceof HostRefusal) {
      const code = e.reason === 'too-large' ? DiagCode.fileTooLarge : DiagCode.fileUnreadable;
      pp.report(code, 'error', site.file, site.start, site.end, `cannot read ${e.message}`);
    } else
      pp.report(
        DiagCode.fileUnreadable,
        'error',
        site.file,
        site.start,
        site.end,
        `cannot read ${path}: ${(e as Error)?.message ?? e}`,
      );
    return undefined;
  }
  if (text === undefined) {
    pp.report(
      DiagCode.fileUnreadable,
      'error',
      site.file,
      site.start,
      site.end,
      `cannot read ${path}: no such file`,
    );
    return undefined;
  }
  if (
    text.length > pp.maxFileSize ||
    (text.length * 3 > pp.maxFileSize && Buffer.byteLength(text) > pp.maxFileSize)
  ) {
    pp.report(
      DiagCode.fileTooLarge,
      'error',
      site.file,
      site.start,
      site.end,
      `${path} is larger than ${pp.maxFileSize} bytes; skipped`,
    );
    return undefined;
  }
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    pp.report(
      DiagCode.fileUnreadable,
      'error',
      site.file,
      site.start,
      site.end,
      `${path} looks binary (NUL byte at offset ${nul}); skipped`,
    );
    return undefined;
  }
  return asGccReads(text);
}

/** gcc skips a UTF-8 byte order mark and takes a lone CR as a line end. Both are replaced
 *  by a character of the same length (a space, a LF) so offsets stay those of the file. */
export function asGccReads(text: string): string {
  let out = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  if (out.includes('\r')) out = out.replace(/\r(?!\n)/g, '\n');
  return out;
}
