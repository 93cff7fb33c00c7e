// kernel-copy-uninitialized indexes each function's locals once (src/core/checks/local-uses.ts)
// and asks, per copy to userspace, what happened to the local between its declaration and that
// copy. Property over generated handlers (a seeded mix of zeroing, filling by a call, whole and
// member assignments and several copies, in any order): the findings of the whole function are
// exactly the union of the findings of the function cut right after each copy (later lines
// blanked, so lines stay put). A window that looked past the copy, or missed a statement
// before it, gives a different verdict for some copy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { checkCSource } from '../../../src/core/kernel/run';

const INCLUDE = resolve(__dirname, '../../fixtures/checks/kernel-copy-uninitialized/include');
const CODE = 'kernel-copy-uninitialized';
const COPY = '\tif (copy_to_user(arg, &info, sizeof(info)))\n\t\treturn -EFAULT;';
const STATEMENTS = [
  '\tmemset(&info, 0, sizeof(info));',
  '\tkpw_fill(kdev, &info);',
  '\tinfo = kdev->cached;',
  '\tinfo.argsz = sizeof(info);',
  '\tinfo.flags = 0;',
  '\tinfo.num_regions = kdev->num_regions;',
  '\tinfo.num_irqs = kdev->num_irqs;',
  '\tinfo.cap_offset = 0;',
  '\tinfo.pad = 0;',
  COPY,
  COPY,
];

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function handler(body: string[]): string {
  return (
    '#include <linux/zpci_err.h>\n\n' +
    'static int kpw_ioctl(struct kpw_device *kdev, void __user *arg)\n{\n' +
    '\tstruct kpw_device_info info;\n\n' +
    `${body.join('\n')}\n\treturn 0;\n}\n`
  );
}

async function findings(text: string): Promise<string[]> {
  const diags = await checkCSource({
    file: join(INCLUDE, '..', 'gen.c'),
    text,
    includeDirs: [INCLUDE],
    only: [CODE],
  });
  return diags.filter((d) => d.code === CODE).map((d) => `${d.range.start.line}: ${d.message}`);
}

test('each copy gets the verdict of the function cut right after it (120 generated handlers)', async () => {
  const next = random(0x5eed);
  let fired = 0;
  for (let n = 0; n < 120; n++) {
    const body = Array.from(
      { length: 2 + Math.floor(next() * 8) },
      () => STATEMENTS[Math.floor(next() * STATEMENTS.length)],
    );
    body.push(COPY);
    const whole = await findings(handler(body));
    const cut: string[] = [];
    for (let i = 0; i < body.length; i++) {
      if (body[i] !== COPY) continue;
      const prefix = body.map((s, k) => (k <= i ? s : s.replace(/[^\n]/g, '')));
      const found = await findings(handler(prefix));
      cut.push(...found);
    }
    assert.deepEqual([...new Set(whole)].sort(), [...new Set(cut)].sort(), handler(body));
    if (whole.length) fired++;
  }
  // The generator reaches both verdicts: some handlers leak, some do not.
  assert.ok(fired > 10 && fired < 110, `${fired} of 120 handlers had findings`);
});
