// Issue 15, second round, classes 4 and 5: every nesting and macro shape of
// hostile-shapes.ts, 100,000 levels deep, through `kpw check` in a child whose peak
// RSS is sampled. None may overflow the stack, crash, print an internal error or pass
// 1 GiB. Before: nested macro invocations took 1.75 GB, stringize doubling 1.6 GB,
// a long literal copied by macros ended in "internal preprocessor error: RangeError".

import assert from 'node:assert/strict';
import { test, after } from 'node:test';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { deepShapes, hugeCounts } from './hostile-shapes';
import { peakRss } from './peak-rss';

const MiB = 1024 * 1024;
const BUDGET = 1024 * MiB;
const CRASH =
  /RangeError|Maximum call stack|Invalid string length|internal (preprocessor )?error|FATAL|heap out of memory/;
const tmp = mkdtempSync(join(tmpdir(), 'kpw-deep-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const noProc = !existsSync('/proc/self/status') && !process.env.CI && 'no /proc to sample RSS';

deepShapes(100_000).forEach((shape, k) => {
  test(`100,000 deep: ${shape.name}`, { skip: noProc }, async (t) => {
    const path = join(tmp, `shape${k}.h`);
    writeFileSync(path, shape.text);
    const r = await peakRss(['check', '--abi', 'x86_64', path]);
    t.diagnostic(`peak RSS ${(r.peak / MiB).toFixed(0)} MiB, exit ${r.code}`);
    assert.doesNotMatch(r.stderr, CRASH, `${shape.name}: ${r.stderr.slice(0, 600)}`);
    assert.ok([0, 1, 3].includes(r.code ?? -1), `${shape.name}: exit ${r.code}: ${r.stderr.slice(0, 600)}`);
    assert.ok(r.peak > 0 && r.peak <= BUDGET, `${shape.name}: peak RSS ${(r.peak / MiB).toFixed(0)} MiB`);
  });
});

/** JSON inputs 100,000 deep where kpw reads JSON from outside: scenarios and saved Patchwork answers. */
const DEEP_JSON = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const JSON_CASES: { name: string; file: string; text: string; args: string[] }[] = [
  {
    name: 'scenario with a deep value',
    file: 'deep.kpw-scenario.json',
    text: `{"uapi": ${DEEP_JSON}, "steps": []}`,
    args: ['sim'],
  },
  {
    name: 'scenario with a deep step',
    file: 'step.kpw-scenario.json',
    text: `{"steps": [{"op": "open", "device": ${DEEP_JSON}}]}`,
    args: ['sim'],
  },
  {
    name: 'saved Patchwork answer with a deep field',
    file: 'deep.json',
    text: `{"id": 1, "name": "x", "diff": "", "x": ${DEEP_JSON}}`,
    args: ['patch'],
  },
];

for (const c of JSON_CASES) {
  test(`100,000 deep JSON: ${c.name}`, { skip: noProc }, async () => {
    const path = join(tmp, c.file);
    writeFileSync(path, c.text);
    const r = await peakRss([...c.args, path]);
    assert.doesNotMatch(r.stderr, CRASH, `${c.name}: ${r.stderr.slice(0, 600)}`);
    assert.ok([0, 1, 3].includes(r.code ?? -1), `${c.name}: exit ${r.code}: ${r.stderr.slice(0, 600)}`);
  });
}

for (const c of hugeCounts()) {
  test(`huge counts: ${c.name}`, { skip: noProc }, async (t) => {
    const path = join(tmp, c.file);
    writeFileSync(path, c.text);
    const r = await peakRss([...c.args, path]);
    t.diagnostic(`peak RSS ${(r.peak / MiB).toFixed(0)} MiB, exit ${r.code}`);
    assert.doesNotMatch(r.stderr, CRASH, `${c.name}: ${r.stderr.slice(0, 600)}`);
    assert.ok([0, 1, 3].includes(r.code ?? -1), `${c.name}: exit ${r.code}: ${r.stderr.slice(0, 600)}`);
    assert.ok(r.peak > 0 && r.peak <= BUDGET, `${c.name}: peak RSS ${(r.peak / MiB).toFixed(0)} MiB`);
  });
}
