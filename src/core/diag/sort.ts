// The order findings are shown in everywhere (CLI, editor, tests): by file,
// then line, then column, as gcc prints them. The sort is stable, so findings
// at one position keep the order they were found in.

import type { Diagnostic } from './diagnostic';

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character
  );
}

export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(compareDiagnostics);
}
