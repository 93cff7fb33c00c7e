// Hover section for a struct that changed since the compatibility baseline
// (`kpw.compat.baseRef`): the old and the new layout side by side, pahole-style,
// on the reference ABI, plus the ABIs whose size or alignment moved.

import { renderPahole, type HeaderModel, type RecordLayout } from '../../../src/core/api/index';

/** The side-by-side section, or undefined when the record is new or unchanged on every ABI. */
export function compatHover(
  before: HeaderModel[] | undefined,
  after: HeaderModel[],
  name: string,
  ref: string,
): string | undefined {
  if (!before?.length) return undefined;
  const pairs = after
    .map((m) => ({
      abi: m.abi.name,
      now: m.record(name),
      was: before.find((b) => b.abi.name === m.abi.name)?.record(name),
    }))
    .filter((p): p is { abi: string; now: RecordLayout; was: RecordLayout } => !!p.now && !!p.was);
  const changed = pairs.filter((p) => renderPahole(p.was) !== renderPahole(p.now));
  if (changed.length === 0) return undefined;
  const first = changed[0];
  const sizes = changed
    .map((p) => `${p.abi}: ${p.was.size} -> ${p.now.size} bytes, align ${p.was.align} -> ${p.now.align}`)
    .join('; ');
  return [
    `**changed since \`${ref}\`** (${sizes})`,
    '```c\n' +
      sideBySide(
        renderPahole(first.was),
        renderPahole(first.now),
        `${ref} (${first.abi})`,
        `now (${first.abi})`,
      ) +
      '\n```',
  ].join('\n\n');
}

/** Two texts in two columns, the left padded to its widest line. */
export function sideBySide(left: string, right: string, leftTitle: string, rightTitle: string): string {
  const a = [`/* ${leftTitle} */`, ...left.split('\n')];
  const b = [`/* ${rightTitle} */`, ...right.split('\n')];
  const width = a.reduce((w, l) => Math.max(w, l.replace(/\t/g, '        ').length), -Infinity) + 2;
  const rows = Math.max(a.length, b.length);
  const out: string[] = [];
  for (let i = 0; i < rows; i++)
    out.push(
      `${(a[i] ?? '').replace(/\t/g, '        ').padEnd(width)}| ${(b[i] ?? '').replace(/\t/g, '        ')}`.trimEnd(),
    );
  return out.join('\n');
}
