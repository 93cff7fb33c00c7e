// Issue 15, class 6 (and 4) for `kpw patch` on a header over the analysis budget: the unit is
// refused, yet its #defines up to the stop were kept and the compat check compared the partial
// lists, calling every define past the stop "removed" (a 6.7 MB header: 294,436 findings, 4.4 GB,
// 225 s). Generated patches on a header just over the budget (defines inserted before, renamed
// in, or appended after the stop point) must give the size error, on the patch, and no compat
// finding (the error was among the pre-existing ones: such a patch passed with exit 0, silent).

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runPatch } from '../../src/cli/commands/patch';
import { MAX_UNIT_BYTES_X_ABIS } from '../../src/core/limits';

const root = mkdtempSync(join(tmpdir(), 'kpw-refused-compat-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A header of #defines just over the one-ABI budget (so it is refused on x86_64 alone). */
// (#define names and bodies count against it: ~19 characters a line here.)
const COUNT = Math.ceil((MAX_UNIT_BYTES_X_ABIS * 1.1) / 'KPW_A000000000000'.length);
const def = (p: string, i: number) => `#define ${p}${String(i).padStart(6, '0')} ${i}`;

/** A patch of one hunk at `line` (1-based) replacing `del` lines with `add`. */
function patchOf(line: number, del: string[], add: string[]): string {
  const hunk = `@@ -${line},${del.length} +${line},${add.length} @@\n${del.map((l) => `-${l}\n`).join('')}${add.map((l) => `+${l}\n`).join('')}`;
  return (
    'From: a <a@b>\nSubject: [PATCH] defines\n\n---\n' +
    'diff --git a/include/uapi/linux/big.h b/include/uapi/linux/big.h\n' +
    '--- a/include/uapi/linux/big.h\n+++ b/include/uapi/linux/big.h\n' +
    hunk
  );
}

test('a patch on a header over the budget: the size error, never a compat finding from a partial unit', async () => {
  const tree = join(root, 'tree');
  mkdirSync(join(tree, 'include/uapi/linux'), { recursive: true });
  const lines = Array.from({ length: COUNT }, (_, i) => def('KPW_A', i));
  writeFileSync(join(tree, 'include/uapi/linux/big.h'), `${lines.join('\n')}\n`);
  const cases: Record<string, string> = {
    // New defines before everything: the patched unit stops earlier, the last ones "vanish".
    'inserted at the top': patchOf(
      1,
      [lines[0]],
      [...Array.from({ length: 2000 }, (_, i) => def('KPW_N', i)), lines[0]],
    ),
    'renamed in the middle': patchOf(COUNT >> 1, [lines[(COUNT >> 1) - 1]], [def('KPW_R', 1)]),
    'appended at the end': patchOf(COUNT, [lines[COUNT - 1]], [lines[COUNT - 1], def('KPW_E', 1)]),
  };
  for (const [name, text] of Object.entries(cases)) {
    const file = join(root, `${name.replace(/ /g, '-')}.patch`);
    writeFileSync(file, text);
    let out = '';
    const io = { stdout: (t: string) => (out += `${t}\n`), stderr: (t: string) => (out += `${t}\n`) };
    const code = await runPatch(['--abi', 'x86_64', '--base', tree, file], io);
    assert.equal(code, 3, `${name}: ${out.slice(0, 800)}`);
    assert.match(out, /\[file-too-large\]/, name);
    assert.doesNotMatch(out, /\[compat-/, `${name}: ${out.split('\n').find((l) => /compat-/.test(l))}`);
  }
});
