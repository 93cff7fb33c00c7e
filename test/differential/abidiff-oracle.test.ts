// Differential test of the UAPI compatibility engine against libabigail's
// abidiff, the tool scripts/check-uapi.sh runs: Debian's 6.1 headers against
// linux-libc-dev 7.3 (scripts/compat/fetch-headers.sh), per ABI, header by
// header. Every disagreement must have a named cause (test/differential/compat/agreement.ts).

import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { existsSync } from 'node:fs';
import { ORACLE_ABIS } from './oracle/abis';
import { runTool } from './oracle/run-tool';
import { abidiffHeader } from './compat/abidiff-run';
import { agree, type Agreement } from './compat/agreement';
import { HEADERS, newHeaderRoot, newSet, oldSet } from './compat/header-sets';
import { kpwHeader } from './compat/kpw-side';

interface Row {
  abi: string;
  skipped?: string;
  abidiffTypes: number;
  matched: number;
  kpwSubjects: number;
  kpwMatched: number;
  causes: Record<string, number>;
  abidiffMs: number;
  kpwMs: number;
  /** Headers whose asm/ part this ABI lacks (not exported there): not compared. */
  notExported: string[];
}

const rows: Row[] = [];
const CI = process.env.CI === 'true';

async function missing(
  abi: (typeof ORACLE_ABIS)[number],
  root: string | undefined,
): Promise<string | undefined> {
  if (!root) return 'newer headers not fetched: run scripts/compat/fetch-headers.sh';
  if ((await runTool('abidiff', ['--version'])).code !== 0)
    return 'abidiff missing: apt-get install abigail-tools';
  if ((await runTool(abi.gcc, ['--version'])).code !== 0)
    return `${abi.gcc} missing (${abi.packages.join(', ')})`;
  if (!existsSync(oldSet(abi).root + '/linux/vfio.h')) return `${oldSet(abi).root} lacks the 6.1 headers`;
  return undefined;
}

for (const abi of ORACLE_ABIS) {
  test(`compat findings agree with abidiff on ${abi.name}`, async (t) => {
    const root = newHeaderRoot();
    const why = await missing(abi, root);
    const row: Row = {
      abi: abi.name,
      abidiffTypes: 0,
      matched: 0,
      kpwSubjects: 0,
      kpwMatched: 0,
      causes: {},
      abidiffMs: 0,
      kpwMs: 0,
      notExported: [],
    };
    rows.push(row);
    if (why) {
      row.skipped = why;
      if (CI) assert.fail(`CI=true: ${why}`);
      t.skip(why);
      return;
    }
    const [before, afterSet] = [oldSet(abi), newSet(abi, root as string)];
    const failures: string[] = [];
    for (const header of HEADERS) {
      const ab = await abidiffHeader(abi, before, afterSet, header);
      if (!ab.ok) {
        if ('notExported' in ab) row.notExported.push(header);
        else failures.push(ab.error);
        continue;
      }
      const side = await kpwHeader(abi.name, before, afterSet, header);
      const a: Agreement = agree(ab.types, side, header);
      row.abidiffMs += ab.ms;
      row.kpwMs += side.ms;
      row.abidiffTypes += a.abidiffTypes;
      row.matched += a.matched;
      row.kpwSubjects += a.kpwSubjects;
      row.kpwMatched += a.kpwMatched;
      for (const e of a.explained)
        row.causes[`${e.side}:${e.cause}`] = (row.causes[`${e.side}:${e.cause}`] ?? 0) + 1;
      failures.push(...a.unexplained.map((u) => `${header}: ${u}`));
    }
    t.diagnostic(
      `${abi.name}: abidiff ${row.abidiffTypes} types, kpw reports ${row.matched}; kpw ${row.kpwSubjects} subjects, ${row.kpwMatched} seen by abidiff; ${JSON.stringify(row.causes)}`,
    );
    assert.deepEqual(failures, []);
  });
}

after(() => {
  const causes = (r: Row): string =>
    Object.entries(r.causes)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  const lines = rows.map((r) =>
    r.skipped
      ? `| ${r.abi} | skipped: ${r.skipped} |`
      : `| ${r.abi} | ${r.abidiffTypes} | ${r.matched} | ${r.kpwSubjects} | ${r.kpwMatched} | ${causes(r)} | ` +
        `${r.notExported.join(', ') || '-'} | ${Math.round(r.abidiffMs)} | ${Math.round(r.kpwMs)} |`,
  );
  console.log(
    `\nabidiff oracle (${HEADERS.length} headers, Debian 6.1 -> ${newHeaderRoot() ?? '?'})\n` +
      '| ABI | abidiff types | kpw reports them | kpw types | abidiff reports them | explained | not exported | abidiff ms | kpw ms |\n' +
      `|---|---|---|---|---|---|---|---|---|\n${lines.join('\n')}\n`,
  );
});
