// Hover on a struct or union name: its layout on every ABI, pahole-style,
// with the lines that differ between ABIs marked.

import type { Hover, Position } from 'vscode-languageserver/node';
import { renderMultiAbi } from '../../src/core/layout/render';
import type { RecordLayout } from '../../src/core/layout/types';
import type { HeaderModel } from '../../src/core/model/header-model';

function contains(layout: RecordLayout, file: string, pos: Position): boolean {
  const { start, end } = layout.loc.range;
  if (layout.loc.file !== file) return false;
  if (pos.line < start.line || pos.line > end.line) return false;
  // Only the header line of the definition (where the tag is) triggers the struct hover.
  return pos.line === start.line;
}

export function layoutHover(models: HeaderModel[], file: string, pos: Position): Hover | null {
  const first = models[0];
  if (!first) return null;
  const target = first.mainRecords().find((r) => contains(r, file, pos));
  if (!target) return null;
  const variants = models.map((m) => m.record(target.name)).filter((l): l is RecordLayout => !!l);
  return { contents: { kind: 'markdown', value: '```c\n' + renderMultiAbi(variants) + '\n```' } };
}
