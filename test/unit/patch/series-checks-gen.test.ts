// The series-wide number checks (a number claimed by two series, one changed between
// versions) in steps, with claims compared only to those of equal value, against the
// all-pairs oracle they replaced, on generated series of claims: the same findings in
// the same order, and a pause every CHECKPOINT_EVERY claims or pairs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { seriesChecksSteps } from '../../../src/core/patch/series-checks';
import type { SeriesAnalysis } from '../../../src/core/patch/analyze';
import type { NumberClaim } from '../../../src/core/patch/claims';
import { groupVersions, type PatchSeries } from '../../../src/core/patch/series';
import { CHECKPOINT_EVERY } from '../../../src/core/steps';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const FAMILIES = ['DRV_FEATURE_', 'DRV_FEATURE_X_Y_', 'OTHER_CAP_'];

/** `count` series over a few titles and versions, each mail claiming numbers of a few families. */
function generate(seed: number, count: number, claimsPer: number): SeriesAnalysis[] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: count }, (_, s) => {
    const title = pick(['alpha', 'beta', 'gamma', 'delta']);
    const version = 1 + Math.floor(r() * 3);
    const file = `/in/s${s}.mbox`;
    const series = {
      title,
      version,
      patches: [{ from: `Dev ${pick(['A', 'B'])} <${pick(['a', 'b'])}@x>` }],
    } as unknown as PatchSeries;
    const claims: NumberClaim[] = Array.from({ length: claimsPer }, (_, k) => {
      const family = pick(FAMILIES);
      return {
        name: `${family}${pick(['ONE', 'TWO', 'THREE', 'FOUR', 'FIVE'])}`,
        value: BigInt(Math.floor(r() * 6)),
        family,
        kind: 'feature',
        file,
        origin: { line: k, character: 0 },
        path: 'include/uapi/linux/x.h',
        postLine: k,
        others: [],
      } as NumberClaim;
    });
    return { series, mails: [{ claims }] } as unknown as SeriesAnalysis;
  });
}

/** The all-pairs code the stepped checks replaced, reduced to who is reported against whom. */
function oracle(analyses: readonly SeriesAnalysis[]): string[] {
  const lineageOf = new Map<PatchSeries, number>();
  groupVersions(analyses.map((a) => a.series)).forEach((g, i) =>
    g.versions.forEach((s) => lineageOf.set(s, i)),
  );
  type L = { claim: NumberClaim; series: PatchSeries; lineage: number };
  const all: L[] = analyses.flatMap((a) =>
    a.mails.flatMap((m) =>
      m.claims.map((claim) => ({ claim, series: a.series, lineage: lineageOf.get(a.series) ?? -1 })),
    ),
  );
  const sameFamily = (a: NumberClaim, b: NumberClaim) => {
    if (a.family === b.family) return true;
    const [short, long] = a.family.length <= b.family.length ? [a.family, b.family] : [b.family, a.family];
    return short.split('_').filter(Boolean).length >= 3 && long.startsWith(short);
  };
  const out: string[] = [];
  const seen = new Set<string>();
  const report = (here: L, there: L) => {
    const key = `${here.claim.file}:${here.claim.origin.line}:${here.claim.origin.character}|${there.claim.name}|${there.lineage}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(
      `dup ${here.claim.file}:${here.claim.origin.line} <- ${there.claim.file}:${there.claim.origin.line}`,
    );
  };
  for (let i = 0; i < all.length; i++)
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i];
      const b = all[j];
      if (a.lineage === b.lineage || a.claim.value !== b.claim.value || a.claim.name === b.claim.name)
        continue;
      if (!sameFamily(a.claim, b.claim)) continue;
      report(a, b);
      report(b, a);
    }
  const byKey = new Map<string, L[]>();
  for (const l of all)
    byKey.set(`${l.lineage}|${l.claim.name}`, [...(byKey.get(`${l.lineage}|${l.claim.name}`) ?? []), l]);
  for (const list of byKey.values()) {
    const sorted = [...list].sort((x, y) => x.series.version - y.series.version);
    for (const cur of sorted) {
      const prev = sorted.filter((p) => p.series.version < cur.series.version).pop();
      if (prev && prev.claim.value !== cur.claim.value)
        out.push(
          `chg ${cur.claim.file}:${cur.claim.origin.line} <- ${prev.claim.file}:${prev.claim.origin.line}`,
        );
    }
  }
  return out;
}

test('series checks in steps == the all-pairs oracle, on generated series', () => {
  for (const [seed, count, per] of [
    [1, 2, 3],
    [2, 6, 5],
    [3, 12, 8],
    [4, 30, 20],
    [5, 40, 60],
  ]) {
    const analyses = generate(seed, count, per);
    const steps = seriesChecksSteps(analyses);
    let pauses = 0;
    let r = steps.next();
    while (!r.done) {
      pauses++;
      r = steps.next();
    }
    const got = r.value.map(
      (d) =>
        `${d.code === 'feature-number-duplicate' ? 'dup' : 'chg'} ${d.file}:${d.range.start.line} <- ${d.related?.[0].file}:${d.related?.[0].range.start.line}`,
    );
    const want = oracle(analyses);
    assert.deepEqual(got, want, `seed ${seed}`);
    assert.ok(want.length > 0 || count < 6, `seed ${seed}: the generator made no clash`);
    assert.ok(pauses >= Math.floor((count * per) / CHECKPOINT_EVERY), `seed ${seed}: ${pauses} pauses`);
  }
});
