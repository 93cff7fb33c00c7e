// The kernel's standard annotations an older <linux/stddef.h> lacks (`__counted_by`, ...) are
// reported by the parser at each use; a header model says so once: the first use carries one
// info note naming every such annotation and how often it appears, the other uses as related
// locations. Per-use notes would bury the header's real findings (issue 13).

import { DiagCode } from '../diag/codes';
import type { Diagnostic, RelatedInformation } from '../diag/diagnostic';

export function foldKernelAnnotations(diagnostics: Diagnostic[]): Diagnostic[] {
  const notes = diagnostics.filter((d) => d.code === DiagCode.kernelAnnotation);
  if (notes.length === 0) return diagnostics;
  const counts = new Map<string, number>();
  const homes = new Set<string>();
  for (const d of notes) {
    const m = /^'(__\w+)' is a kernel annotation \(from (<[^>]+>)\)/.exec(d.message);
    const name = m?.[1] ?? d.message;
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (m) homes.add(m[2]);
  }
  const names = [...counts].map(([n, c]) => (c > 1 ? `${n} (${c} uses)` : n)).join(', ');
  const first = notes[0];
  const related: RelatedInformation[] = notes
    .slice(1)
    .map((d) => ({ file: d.file, range: d.range, message: d.message.replace(/;.*$/, '') }));
  const folded: Diagnostic = {
    ...first,
    message:
      `kernel annotations (from ${[...homes].join(', ')}) the included headers do not define: ${names}; ` +
      'they are older than this header; kpw knows these do not change the layout',
    related: [...(first.related ?? []), ...related],
  };
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.code !== DiagCode.kernelAnnotation) out.push(d);
    else if (d === first) out.push(folded);
  }
  return out;
}
