// Reuse across preprocess() runs. Lexed files are kept per path+version; the
// effect of an included file (its output chunk, the macros it leaves behind,
// its includes and diagnostics) is kept per path+version+configuration and
// replayed when every macro it looked up from outside still resolves the same.

import type { Diagnostic } from '../diag/diagnostic';
import type { LexedFile } from './lexer';
import { macrosEqual } from './macro-def';
import type { SegmentSlice } from './output';
import type { IncludeRecord, MacroDef, PragmaRecord, PreprocessCache } from './types';

/** An #include resolution made inside a cached subtree, re-checked on reuse. */
export interface ResolutionRecord {
  spelled: string;
  angled: boolean;
  fromFile: string;
  nextAfter?: number;
  resolved: string | null;
}

export interface CacheEntry {
  /** The configuration (include directories, predefined macros, fallback) that recorded it. */
  config: string;
  /** Macro lookups answered from outside the file's own subtree: name -> value (null: undefined). */
  deps: [string, MacroDef | null][];
  /** Every file read in the subtree (the file itself first) with its version. */
  files: [string, string][];
  resolutions: ResolutionRecord[];
  /** Final state of every macro the subtree defined or undefined (null: undefined). */
  effects: [string, MacroDef | null][];
  text: string;
  segments: SegmentSlice;
  includes: IncludeRecord[];
  diagnostics: Diagnostic[];
  /** Offsets relative to the start of text. */
  pragmas: PragmaRecord[];
}

/** Entries kept per file: the ABIs of one run share them, and a file may expand differently on each. */
const MAX_VARIANTS = 8;

export class PreprocessCacheImpl implements PreprocessCache {
  readonly kind = 'preprocess-cache' as const;
  /** Lexing is the same on every ABI, so the caches of one document's ABIs may share this map. */
  readonly lexed: Map<string, { version: string; file: LexedFile }>;
  /** Included files' effects; shared like `lexed` (an entry is checked against the ABI on reuse). */
  private readonly entries: Map<string, CacheEntry[]>;

  constructor(shareLexedWith?: PreprocessCacheImpl) {
    this.lexed = shareLexedWith?.lexed ?? new Map();
    this.entries = shareLexedWith?.entries ?? new Map();
  }

  getLexed(path: string, version: string): LexedFile | undefined {
    const e = this.lexed.get(path);
    return e && e.version === version ? e.file : undefined;
  }

  putLexed(path: string, version: string, file: LexedFile): void {
    this.lexed.set(path, { version, file });
  }

  /** Entries stored for a file under one configuration, newest first. */
  candidates(config: string, path: string, version: string): CacheEntry[] {
    return this.entries.get(`${config}\0${path}\0${version}`) ?? [];
  }

  put(config: string, path: string, version: string, entry: CacheEntry): void {
    const key = `${config}\0${path}\0${version}`;
    const list = this.entries.get(key) ?? [];
    list.unshift(entry);
    if (list.length > MAX_VARIANTS) list.length = MAX_VARIANTS;
    this.entries.set(key, list);
  }

  clear(): void {
    this.lexed.clear();
    this.entries.clear();
  }
}

/** A cache to pass as `options.cache` to successive preprocess() calls. With `shareLexedWith`,
 *  lexed files are shared with that cache (the other ABIs of the same document). */
export function createPreprocessCache(shareLexedWith?: PreprocessCache): PreprocessCache {
  return new PreprocessCacheImpl(asCacheImpl(shareLexedWith));
}

export function asCacheImpl(c: PreprocessCache | undefined): PreprocessCacheImpl | undefined {
  return c instanceof PreprocessCacheImpl ? c : undefined;
}

export interface EntryChecks {
  version(path: string): string | undefined;
  macro(name: string): MacroDef | undefined;
  resolve(r: ResolutionRecord): string | null;
}

/** Whether entry still describes what including its file would do now. */
export function entryValid(entry: CacheEntry, checks: EntryChecks): boolean {
  for (const [p, v] of entry.files) if (checks.version(p) !== v) return false;
  for (const [name, def] of entry.deps) if (!macrosEqual(checks.macro(name) ?? null, def)) return false;
  for (const r of entry.resolutions) if (checks.resolve(r) !== r.resolved) return false;
  return true;
}
