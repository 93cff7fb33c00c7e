// The core's own diagnostic type. Converted at the edges: to LSP in
// server/src/convert.ts, to text/JSON/SARIF in src/cli/reporters.
// Codes are stable kebab-case strings registered in ./codes.ts.

import type { Range } from '../text/position';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  file: string;
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface RelatedInformation {
  file: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  /** Stable kebab-case code, see codes.ts. */
  code: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  related?: RelatedInformation[];
  fixes?: Fix[];
}

export function diagnostic(
  code: string,
  severity: Severity,
  file: string,
  range: Range,
  message: string,
): Diagnostic {
  return { code, severity, file, range, message };
}
