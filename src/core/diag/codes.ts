// Registry of the stable diagnostic codes the header model itself reports
// (parsing, preprocessing, layout). Check codes (uapi-*, feature-*) are
// registered by the checks. Users and CI filter on these strings: never rename.

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
