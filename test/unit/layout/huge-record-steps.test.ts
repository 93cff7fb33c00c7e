// A record of thousands of members is laid out in steps by the model build
// (LayoutContext.shapeSteps: a checkpoint every CHECKPOINT_EVERY members); the
// result must be the layout the one-go path (LayoutContext.shape) gives. Generated:
// the member lines of random records (bitfields, packed, aligned, nested, arrays)
// joined into one huge struct or union, on every ABI.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ABIS } from '../../../src/core/abi/index';
import { buildHeaderModel } from '../../../src/core/model/header-model';
import { LayoutContext } from '../../../src/core/layout/layout-context';
import { CHECKPOINT_EVERY } from '../../../src/core/steps';
import { randomHeader } from '../../fuzz/gen/random-struct';
import { INPUT_FILE, inputHost } from '../../fuzz/targets/header';

/** The member lines (one level of braces deep, nested records kept whole) of every record of `text`. */
function memberLines(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let k = 0;
  for (const line of text.split('\n')) {
    const opens = (line.match(/\{/g) ?? []).length;
    const closes = (line.match(/\}/g) ?? []).length;
    const before = depth;
    depth += opens - closes;
    // A flexible array member ends its record, and a record of that header is another here: both left out.
    if (
      before >= 1 &&
      !(before === 1 && closes > opens) &&
      !line.includes('[]') &&
      !/\b(struct|union) r\d/.test(line)
    )
      out.push(line.replace(/\bm(\d+)\b/g, (_, n: string) => `m${n}_${k++}`));
  }
  return out;
}

function hugeHeader(seed: number, kind: 'struct' | 'union', tail: string): string {
  const base = randomHeader(seed, 6);
  const lines: string[] = [];
  for (let s = 0; lines.length < 5 * CHECKPOINT_EVERY; s++)
    lines.push(...memberLines(randomHeader(seed * 100 + s, 6)));
  return `${base}\n${kind} huge {\n${lines.join('\n')}\n${tail}};\n`;
}

for (const [seed, kind, tail] of [
  [1, 'struct', ''],
  [2, 'struct', '\tunsigned char tail[];\n'],
  [3, 'union', ''],
  [4, 'struct', '\tstruct never_defined oops;\n\tint after;\n'],
] as const) {
  test(`a huge ${kind} (seed ${seed}) laid out in steps equals the one-go layout, every ABI`, async () => {
    const text = hugeHeader(seed, kind, tail);
    for (const abi of ABIS) {
      const model = await buildHeaderModel({ files: [INPUT_FILE], abi, host: inputHost(text) });
      const decl = model.typeEnv.findRecord('huge');
      assert.ok(decl?.fields && decl.fields.length > 2 * CHECKPOINT_EVERY, `${decl?.fields?.length} fields`);
      const stepped = model.allRecords().find((r) => r.name === 'huge');
      const oneGo = new LayoutContext(model.typeEnv, abi).shape(decl);
      assert.ok(stepped && oneGo, 'laid out');
      assert.deepEqual(
        {
          size: stepped.size,
          align: stepped.align,
          members: stepped.members,
          diagnostics: stepped.diagnostics,
        },
        { size: oneGo.size, align: oneGo.align, members: oneGo.members, diagnostics: oneGo.diagnostics },
        `${abi.name}, seed ${seed}`,
      );
      assert.equal(stepped.incomplete === true, oneGo.incomplete, `${abi.name}: incomplete`);
      // Laid out past several checkpoints (the last case stops at its undefined member near the end).
      assert.ok(
        stepped.members.length > 2 * CHECKPOINT_EVERY,
        `${abi.name}: ${stepped.members.length} members`,
      );
    }
  });
}

/** A huge record nested in a small one (`depth` levels, struct/union alternating, some in arrays). */
function nestedHuge(seed: number, depth: number): string {
  const base = randomHeader(seed, 6);
  const lines: string[] = [];
  for (let s = 0; lines.length < 3 * CHECKPOINT_EVERY; s++)
    lines.push(...memberLines(randomHeader(seed * 100 + s, 6)));
  let inner = lines.join('\n');
  for (let d = 0; d < depth; d++)
    inner = `\tint before${d};\n\t${d % 2 ? 'union' : 'struct'} {\n${inner}\n\t} lvl${d}${d === 1 ? '[2]' : ''};\n\tchar after${d};`;
  return `${base}\nstruct huge {\n${inner}\n};\n`;
}

for (const [seed, depth] of [
  [5, 1],
  [6, 3],
] as const) {
  test(`a huge record nested ${depth} deep is laid out in steps, equal to the one-go layout`, async () => {
    const text = nestedHuge(seed, depth);
    const abi = ABIS[0];
    const model = await buildHeaderModel({ files: [INPUT_FILE], abi, host: inputHost(text) });
    const decl = model.typeEnv.findRecord('huge')!;
    assert.ok(decl.fields!.length < 10, 'the outer record is small');
    const stepped = new LayoutContext(model.typeEnv, abi);
    const steps = stepped.shapeSteps(decl);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    const oneGo = new LayoutContext(model.typeEnv, abi).shape(decl);
    assert.deepEqual(r.value, oneGo);
    // The nested members are placed past checkpoints, not in one go.
    assert.ok(yields >= 2, `${yields} checkpoints`);
  });
}
