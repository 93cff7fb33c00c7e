// `kpw check --format json`: an array of findings with 1-based lines and
// columns, the shape documented in docs/cli.md; whole (formatJson) or in chunks
// of the same text (jsonChunks, what the CLI writes).

import type { Diagnostic } from '../../core/diag/diagnostic';
import { displayPath } from '../display-path';

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  code: string;
  message: string;
}

export function toJsonFindings(list: readonly Diagnostic[]): JsonFinding[] {
  return list.map(toJsonFinding);
}

function toJsonFinding(d: Diagnostic): JsonFinding {
  return {
    file: displayPath(d.file),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

export function formatJson(list: readonly Diagnostic[]): string {
  return JSON.stringify(toJsonFindings(list), null, 2);
}

/**
 * formatJson(list) in pieces of `size` findings, each but the last ending in a newline (the
 * writer adds one to a piece without: see printFindings), so the pieces written one after
 * another are formatJson's text and its final newline. An element of `JSON.stringify(array,
 * null, 2)` is the element's own two-space text indented by two more (JSON strings hold no
 * raw newline).
 */
export function* jsonChunks(list: readonly Diagnostic[], size: number): Generator<string> {
  if (list.length === 0) {
    yield '[]';
    return;
  }
  for (let i = 0; i < list.length; i += size) {
    const items = list
      .slice(i, i + size)
      .map((d) => `  ${JSON.stringify(toJsonFinding(d), null, 2).replace(/\n/g, '\n  ')}`);
    const last = i + size >= list.length;
    yield `${i === 0 ? '[\n' : ''}${items.join(',\n')}${last ? '\n]' : ',\n'}`;
  }
}
