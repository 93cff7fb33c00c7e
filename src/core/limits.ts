// Every limit that keeps bad input from hanging or exhausting kpw, in one
// place: sizes, depths, token budgets, time budgets. The modules that enforce
// them import them from here, and test/unit/limits.test.ts checks the numbers
// docs/ARCHITECTURE.md and docs/patch.md state against these values.

/** Nesting the C parsers and the evaluator accept (records, declarators, parentheses, unary operators):
 *  they recurse, and hostile input must not overflow the stack. */
export const MAX_NESTING = 256;
/** Depth of a tree being built, operator chains (`1+1+...`) included. */
export const MAX_TREE_DEPTH = 2000;
/** Tokens of one `#if`/`#elif` line, checked before the line is turned into token objects: an 8 MB
 *  line (`1 ? 1 ? ...`, within the header size limit) took 3-3.8 GB and 38-115 s, every ABI. */
export const MAX_IF_TOKENS = 65536;
/** Type references followed while laying out (typedef chains, nested records). */
export const MAX_LAYOUT_DEPTH = 100;

/** Tokens one macro expansion may produce in the preprocessor. */
export const MAX_EXPANSION_TOKENS = 1_000_000;
/** Tokens all of a unit's expansions may produce together (real UAPI headers: a few thousand). */
export const MAX_UNIT_EXPANSION_TOKENS = 2_000_000;
/** Macro invocations nested inside one another. */
export const MAX_EXPANSION_DEPTH = 200;
/** Characters of one token made by `#` or `##` (stringizing a stringized argument doubles it per level). */
export const MAX_MACRO_TOKEN_CHARS = 1024 * 1024;
/** Characters of a unit's preprocessed text: more is refused by the unit budget anyway
 *  (MAX_UNIT_BYTES_X_ABIS), so preprocessing stops there instead of building the string. */
export const MAX_PREPROCESSED_CHARS = 16 * 1024 * 1024;
/** Tokens one expansion of a `#define` value (hover, families) may produce. */
export const MAX_TEXT_EXPANSION_TOKENS = 100_000;
/** Characters one expansion of a `#define` value (hover, families) may spell: 100,000 copies of a
 *  16 KB literal are few tokens but 1.6 GB of text ("RangeError: Invalid string length"). */
export const MAX_TEXT_EXPANSION_CHARS = 1024 * 1024;
/** Tokens shared by all `#define` values of one model. */
export const DEFINE_VALUES_BUDGET = 1_000_000;

/** Findings the language server publishes for one document (the rest are counted in one more
 *  finding naming `kpw check`): serializing 70,000 findings of a damaged 1 MB header took ~70 ms
 *  and the editor then lists them all. The CLI prints every finding. */
export const MAX_PUBLISHED_DIAGNOSTICS = 5000;

/** A file larger than this is skipped with a file-too-large diagnostic. */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;
/** `#include` nesting. */
export const MAX_INCLUDE_DEPTH = 200;
/** Driver C files read for the dispatch checks: larger ones are not read, and at most this many are kept parsed. */
export const MAX_DRIVER_SOURCE_CHARS = 4_000_000;
export const MAX_PARSED_DRIVER_SOURCES = 64;

/** Parse time: a floor plus a pace per 100 KB parsed (a clean parse runs at 3-6 ms per 100 KB). */
export const PARSE_BUDGET = { floorMs: 100, msPer100KB: 10 } as const;

/** Patch inputs (files, stdin) larger than this are refused. */
export const MAX_PATCH_INPUT_BYTES = 64 * 1024 * 1024;
/** Patchwork JSON nesting read (a page of patches holding series holding patches). */
export const MAX_PATCHWORK_JSON_NESTING = 4;
/** Items of one JSON list read from a saved Patchwork answer (more is an error; the first are read). */
export const MAX_PATCHWORK_LIST_ITEMS = 10_000;
/** Nesting of any JSON kpw parses from outside (Patchwork answers, scenarios): deeper is refused
 *  right after parsing, before anything walks or re-serializes it (JSON.stringify recurses). */
export const MAX_JSON_DEPTH = 64;
/** Warnings of one kind named for one mail (bad header lines); past it one warning counts the rest. */
export const MAX_SAME_WARNINGS = 100;
/** MIME multipart nesting read. */
export const MAX_MIME_DEPTH = 8;

/** A probe's output line longer than this is cut (the probe prints short lines). */
export const MAX_PROBE_LINE_CHARS = 65536;
/** How long to wait for stdout's end after the child exited (a grandchild may hold it open). */
export const STDOUT_GRACE_MS = 2000;
/** Copying the probe to the target, and building it there. */
export const REMOTE_COPY_TIMEOUT_MS = 60_000;
export const REMOTE_BUILD_TIMEOUT_MS = 300_000;

// What kpw reads and runs: sizes, counts and deadlines past which an input is refused with a
// clear error (README, Security). Kept here with the analysis limits so there is one table.
const MiB = 1024 * 1024;

export const LIMITS = {
  /** A header or C source read through a FileHost (the preprocessor's own default matches). */
  headerBytes: 16 * MiB,
  /** A patch, mbox or Patchwork JSON file named on the command line or opened in the editor. */
  patchInputBytes: 64 * MiB,
  /** A message read from stdin (`kpw patch -`, `kpw check -`). */
  stdinBytes: 64 * MiB,
  /** A simulator scenario file (CLI and editor). */
  scenarioBytes: 4 * MiB,
  /** Any other file read through the Node host (the hard ceiling). */
  anyFileBytes: 64 * MiB,
  /** Files a directory walk (`kpw check DIR`) collects before stopping with an error. */
  walkFiles: 100_000,
  /** Directory depth a walk descends. */
  walkDepth: 64,
  /** Bytes kept from each of a target command's stdout and stderr. */
  targetStreamBytes: 16 * MiB,
  /** One target line (a protocol line is far shorter). */
  targetLineBytes: 1 * MiB,
  /** Overall deadline of one `kpw run` on a target (build + run), in milliseconds. */
  targetDeadlineMs: 30 * 60 * 1000,
} as const;

export type LimitName = keyof typeof LIMITS;

/** "16 MiB" / "100000": a limit as the messages and the README print it. */
export function formatBytes(n: number): string {
  return n % MiB === 0 ? `${n / MiB} MiB` : `${n} bytes`;
}

/** Preprocessed text times the ABIs modelled together (every ABI's model is held at once). */
export const MAX_UNIT_BYTES_X_ABIS = 4 * MiB;
/** Lines of one patch input (every line is an object while a mail is read). */
export const MAX_INPUT_LINES = 1_000_000;
/** The simulator's zpci_err record on s390x. */
export const MAX_SIM_RECORD_BYTES = 64 * 1024;
/** Mails one patch analysis takes (the inputs and --compare together); more is an error, the first are analysed.
 *  Each patch re-analyses the headers it touches: 80,000 tiny patches took > 300 s and 1.4 GB. */
export const MAX_ANALYSED_MAILS = 1000;
/** Work of one patch analysis: the patched text of each header a patch touches times the ABIs,
 *  summed over the patches (a 30-patch series on vfio.h on seven ABIs: ~15 MiB). Past it the
 *  remaining patches are not analysed, with an error: each costs up to ~6 s at the unit budget. */
export const MAX_PATCH_ANALYSIS_BYTES = 64 * MiB;
/** Patches one Patchwork series fetch takes. */
export const MAX_SERIES_PATCHES = 500;
/** Pages of one Patchwork list (`?msgid=` lookups, 100 results a page) followed through `Link:
 *  rel="next"`; a list going on past them is an error, never an answer from the pages read. */
export const MAX_LIST_PAGES = 50;
/** One Patchwork response body, counted after gzip decoding, while it streams. */
export const MAX_RESPONSE_BYTES = 64 * MiB;
/** All the answers of one Patchwork fetch (a series and its patches, a Message-ID lookup) together,
 *  counted while they stream: each answer may be 64 MiB, and 500 of them were all held at once
 *  (a series whose every patch answer was a 6 MB listing reached 1.24 GB at the deadline). */
export const MAX_FETCH_TOTAL_BYTES = 128 * MiB;
/** One file read from a git ref (`--base REF`): the same as a header on disk, checked from
 *  `git ls-tree -l` before `git cat-file` reads it. */
export const MAX_GIT_BLOB_BYTES = LIMITS.headerBytes;
/** One git command of `--base REF` (a whole kernel tree's listing takes well under a second). */
export const GIT_TIMEOUT_MS = 60_000;
