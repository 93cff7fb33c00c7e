// Registry of every stable diagnostic code kpw emits: the header model's own
// (parsing, preprocessing, layout), patch intake's, and the checks'. `kpw check
// --only/--disable` and `kpw.checks.disabled` accept exactly these strings.
// Users and CI filter on them: never rename.

export const DiagCode = {
  /** tree-sitter found an ERROR or MISSING node the preprocessor could not explain. */
  syntaxError: 'syntax-error',
  /** #include target not found in any include directory. */
  includeNotFound: 'include-not-found',
  /** A file includes itself, directly or through others (and has no include guard). */
  includeCycle: 'include-cycle',
  /** #include nesting deeper than the limit. */
  includeDepth: 'include-depth',
  /** A file could not be read (permissions, a directory, binary content). */
  fileUnreadable: 'file-unreadable',
  /** A file is larger than the model accepts. */
  fileTooLarge: 'file-too-large',
  /** Malformed directive: bad #define, unterminated #if, stray #endif, ... */
  directiveError: 'preprocessor-directive',
  /** #error reached in an active branch. */
  userError: 'preprocessor-error',
  /** A macro invocation that could not be expanded (wrong argument count, unterminated). */
  macroError: 'macro-expansion',
  /** An #if expression or a constant expression that could not be evaluated. */
  exprError: 'constant-expression',
  /** A type whose layout cannot be computed (incomplete member, unknown type, ...). */
  layoutError: 'layout-error',
  /** This ABI's asm/ headers are not installed: asm-generic plus kpw's ABI data stand in. */
  abiHeadersFallback: 'abi-headers-fallback',
  /** Two different definitions of one struct/union/enum tag or typedef. */
  redefinition: 'redefinition',
  /** An unknown `__name` / `__name(...)` after a declarator (a kernel annotation macro the
   *  included headers do not define, e.g. `__counted_by` with an older <linux/stddef.h>): ignored. */
  unknownAnnotation: 'unknown-annotation',
  /** One of the kernel's standard annotations (`__counted_by`, `__nonstring`, `__user`, ...) that
   *  the included headers lack (an older <linux/stddef.h>): kpw knows it does not change the
   *  layout. One info note per model, naming them all. */
  kernelAnnotation: 'kernel-annotation-fallback',
} as const;

export type DiagCodeValue = (typeof DiagCode)[keyof typeof DiagCode];

/** Codes of patch intake (reading mails, parsing diffs, applying hunks, series-wide number checks). */
export const PatchCode = {
  /** A mail whose headers or MIME structure cannot be read. */
  malformedMail: 'patch-malformed-mail',
  /** A hunk that ends before the line counts of its `@@` header are met. */
  truncated: 'patch-truncated',
  /** A hunk whose lines are not found in the base file, even with offset and fuzz. */
  hunkFailed: 'patch-hunk-failed',
  /** A hunk applied at another line or with fuzz (informational, as `patch` prints it). */
  hunkOffset: 'patch-hunk-offset',
  /** A hunk whose new side is already in the base (`git apply` refuses it, GNU patch says "previously applied"). */
  alreadyApplied: 'patch-already-applied',
  /** A binary patch: not applied, not analyzed. */
  binarySkipped: 'patch-binary-skipped',
  /** A path the diff names leads outside the base tree ('..', or a symbolic link out of it),
   *  or is not a regular file there (a FIFO, a device) or is over the size limit: not read, not applied. */
  pathOutside: 'patch-path-outside',
  /** A file the diff modifies is missing from the base. */
  baseMissing: 'patch-base-missing',
  /** Patchwork JSON (or an API page) that cannot be read. */
  invalidJson: 'patch-invalid-json',
  /** A Patchwork series marked `received_all: false`: some of its patches never arrived. */
  seriesIncomplete: 'patch-series-incomplete',
  /** A Patchwork server request that failed. */
  fetchFailed: 'patch-fetch-failed',
  /** A feature/ioctl number that changed between versions of one series. */
  numberChanged: 'feature-number-changed',
  /** Same code as the header check: one number claimed by two patches or series. */
  numberDuplicate: 'feature-number-duplicate',
} as const;

/** Codes of the checks (checks/registry.ts lists the checks; a test keeps the two equal). */
export const CheckCode = {
  uapiImplicitHole: 'uapi-implicit-hole',
  uapiTrailingPadding: 'uapi-trailing-padding',
  uapiAbiDivergentLayout: 'uapi-abi-divergent-layout',
  uapiNonFixedWidthType: 'uapi-non-fixed-width-type',
  uapiBitfield: 'uapi-bitfield',
  uapiUnalignedU64: 'uapi-unaligned-u64',
  uapiVersionWithoutPolicy: 'uapi-version-without-policy',
  featureNumberDuplicate: 'feature-number-duplicate',
  featureNumberNotNext: 'feature-number-not-next',
  featureNotDispatched: 'feature-not-dispatched',
  featureMinszMismatch: 'feature-minsz-mismatch',
  ioctlNumberDuplicate: 'ioctl-number-duplicate',
  compatLayoutChanged: 'compat-layout-changed',
  compatMemberChanged: 'compat-member-changed',
  compatNumberChanged: 'compat-number-changed',
  compatTypedefChanged: 'compat-typedef-changed',
  compatRemoved: 'compat-removed',
  compatExtension: 'compat-extension',
  /** A check that crashed (reported instead of the crash), or a note about the run itself. */
  internalError: 'check-internal-error',
} as const;

/** Codes of the kernel-side checks on driver C (checks/kernel-registry.ts lists them; a test keeps the two equal). */
export const KernelCode = {
  copyUninitialized: 'kernel-copy-uninitialized',
  destructiveRead: 'kernel-destructive-read',
  enotty: 'kernel-enotty',
  inbandSentinel: 'kernel-inband-sentinel',
  ioctlDirection: 'kernel-ioctl-direction',
  reservedUnchecked: 'kernel-reserved-unchecked',
} as const;

/** Every code kpw can emit, in registry order (model, patch, checks), without repeats. */
export const ALL_CODES: readonly string[] = [
  ...new Set<string>([
    ...Object.values(DiagCode),
    ...Object.values(PatchCode),
    ...Object.values(CheckCode),
    ...Object.values(KernelCode),
  ]),
];

export function isKnownCode(code: string): boolean {
  return ALL_CODES.includes(code);
}

/** Which codes to keep: only these (when given), minus the disabled ones. */
export interface CodeFilter {
  only?: readonly string[];
  disable?: readonly string[];
}

/** The codes of `filter` that are not in the registry (to report as a usage error or a settings warning). */
export function unknownCodes(filter: CodeFilter): string[] {
  return [...(filter.only ?? []), ...(filter.disable ?? [])].filter((c) => !isKnownCode(c));
}

export function codeAllowed(code: string, filter: CodeFilter | undefined): boolean {
  if (!filter) return true;
  // A crashed check is never hidden by --only: the run itself went wrong.
  if (filter.only && !filter.only.includes(code) && code !== CheckCode.internalError) return false;
  return !filter.disable?.includes(code);
}
