// The contract between the preprocessor and its consumers (parser, model,
// checks): what goes in (files, include directories, an ABI's predefined
// macros) and what comes out (expanded text + a map back to the sources).

import type { Diagnostic } from '../diag/diagnostic';
import type { SourceLocation } from '../text/position';

/** Moved to ../host/types (the file host floor); re-exported for old importers. */
export type { FileHost } from '../host/types';
import type { FileHost } from '../host/types';

export type { Token, TokenKind } from '../lang/tokens';
import type { Token } from '../lang/tokens';

export interface MacroDef {
  name: string;
  /** undefined for object-like macros. */
  params?: string[];
  /** The variadic parameter's name: `__VA_ARGS__`, or the GNU named form (`args...`). */
  variadic?: string;
  body: Token[];
  /** The body as written (for hovers and messages). */
  bodyText: string;
  /** Where the #define is; `<built-in>` for ABI predefined macros. */
  loc: SourceLocation;
}

/** A record of one #define in the sources (including ones later #undef'd). */
export interface DefineRecord {
  macro: MacroDef;
  /** Location of the macro name in its #define line. */
  nameLoc: SourceLocation;
  /** Whether the #define is in an active branch for this ABI. */
  active: boolean;
  /** The comment right before the #define, if any. */
  doc?: string;
}

export interface IncludeRecord {
  fromFile: string;
  loc: SourceLocation;
  spelled: string;
  angled: boolean;
  /** Absolute path, a virtual path (`<abi>/asm/ioctl.h`), or null when not found. */
  resolved: string | null;
}

/** Maps offsets of the expanded text back to where they were written. */
export interface SourceMapLike {
  /** Location of output range [start, end). A range produced by a macro
   *  expansion maps to the macro invocation in the source. */
  locate(start: number, end: number): SourceLocation;
}

export interface PreprocessOptions {
  /** Directories searched for `<...>` (and after the including file's directory for `"..."`). */
  includeDirs: string[];
  /** Predefined object-like macros (name -> body text), e.g. from an AbiSpec. */
  predefined: Record<string, string>;
  /** Asked when an include is found in no include directory (e.g. an ABI's `asm/ioctl.h`
   *  when that architecture's asm headers are not installed). Returns an in-memory file;
   *  its `path` is used in locations and diagnostics (`<abi:ppc64le>/asm/ioctl.h`). */
  fallbackInclude?(spelled: string, angled: boolean): { path: string; text: string } | undefined;
  /** Maximum #include nesting (default 200). */
  maxIncludeDepth?: number;
  /** Files larger than this many bytes are refused with `file-too-large` (default 16 MiB). */
  maxFileSize?: number;
  signal?: AbortSignal;
  /** Reuse lexed files and the effect of included files across calls (see createPreprocessCache). */
  cache?: PreprocessCache;
  /** Expanded text longer than this many characters stops the run with a diagnostic (default MAX_PREPROCESSED_CHARS, 16 Mi). */
  maxOutputSize?: number;
  /** Characters of `#define` names and bodies plus expanded text the unit may hold: definitions
   *  produce no text, so the text budget never saw them (705,000 took 1.5 GB per ABI). Default: maxOutputSize. */
  maxDefinedChars?: number;
}

/** Opaque cache for successive preprocess() calls; create with createPreprocessCache() from ./cache.ts. */
export interface PreprocessCache {
  readonly kind: 'preprocess-cache';
  /** Drops everything cached. */
  clear(): void;
}

/** A `#pragma` met in an active branch (e.g. `pack(2)`, which changes layouts). */
/** Pseudo-pragmas marking where a file's text starts and where its includer resumes: `#pragma
 *  pack` state is the unit's, so a push left open by a header carries into its includer (gcc). */
export const PRAGMA_ENTER = '\0enter';
export const PRAGMA_LEAVE = '\0leave';

export interface PragmaRecord {
  /** The pragma's text after `#pragma`, e.g. `pack(push, 1)`. */
  text: string;
  /** Offset in the expanded text where the pragma line was (it applies to what follows). */
  offset: number;
  loc: SourceLocation;
}

export interface ExpandedUnit {
  /** The expanded translation unit: directives removed, macros expanded, includes inlined. */
  text: string;
  map: SourceMapLike;
  /** The macro table at the end of the unit. */
  macros: ReadonlyMap<string, MacroDef>;
  /** Every #define met in the main files (not in included files), in order. */
  defines: DefineRecord[];
  includes: IncludeRecord[];
  /** Every file read, main files first. */
  files: string[];
  diagnostics: Diagnostic[];
  /** Every #pragma in active branches, in output order (#pragma once excluded). */
  pragmas?: PragmaRecord[];
  /** The pragmas with the include marks (PRAGMA_ENTER/LEAVE) between them, in preprocessing order. */
  pragmaTimeline?: PragmaRecord[];
  /** Set when preprocessing stopped at a size limit (maxOutputSize, maxDefinedChars): the error
   *  that says so. The unit is incomplete and must not be analysed as if it were whole. */
  stopped?: Diagnostic;
}

/** Entry point implemented in ./preprocess.ts:
 *  preprocess(mainFiles, host, options) processes the main files in order as one
 *  translation unit (as if a file #included each of them), never throws, and
 *  reports problems as diagnostics naming file, line and cause. */
export type PreprocessFn = (mainFiles: string[], host: FileHost, options: PreprocessOptions) => ExpandedUnit;
