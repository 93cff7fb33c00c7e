// Series-wide number checks: one feature/ioctl number claimed by two series
// (feature-number-duplicate on both patches, each pointing at the other), and
// a number that changed between versions of one series ("was 12 in v11").

import type { Diagnostic } from '../diag/diagnostic';
import type { NumberClaim } from './claims';
import { PatchCode } from './codes';
import type { SeriesAnalysis } from './analyze';
import { groupVersions, type PatchSeries } from './series';
import { CHECKPOINT_EVERY, runSync, type Steps } from '../steps';

interface Located {
  claim: NumberClaim;
  series: PatchSeries;
  lineage: number;
}

/** Where a series finding lies in the patched header: its patch path, 0-based post-image line, message. */
export interface SeriesFindingPlace {
  path: string;
  line: number;
  message: string;
}

/**
 * Cross-series duplicates and version-to-version changes among the analyzed series.
 * `places`, when given, receives each finding's post-image place: b4 grades one mail
 * read from stdin, and a maintainer wants the header line, not the mail's.
 */
export function seriesChecks(
  analyses: readonly SeriesAnalysis[],
  places?: Map<Diagnostic, SeriesFindingPlace>,
): Diagnostic[] {
  return runSync(seriesChecksSteps(analyses, places));
}

/** The same, pausing every CHECKPOINT_EVERY claims or pairs compared (the language server's drive):
 *  a big mbox of many series, each claiming numbers, compares every claim with those of equal value. */
export function* seriesChecksSteps(
  analyses: readonly SeriesAnalysis[],
  places?: Map<Diagnostic, SeriesFindingPlace>,
): Steps<Diagnostic[]> {
  const lineageOf = new Map<PatchSeries, number>();
  groupVersions(analyses.map((a) => a.series)).forEach((g, i) =>
    g.versions.forEach((s) => lineageOf.set(s, i)),
  );
  const located: Located[] = [];
  const tick = ticker();
  for (const a of analyses)
    for (const m of a.mails)
      for (const claim of m.claims) {
        if (tick()) yield;
        located.push({ claim, series: a.series, lineage: lineageOf.get(a.series) ?? -1 });
      }
  const placed = yield* duplicates(located, tick);
  for (const p of yield* changes(located, tick)) placed.push(p);
  const out: Diagnostic[] = [];
  for (const { diagnostic, claim } of placed) {
    if (tick()) yield;
    places?.set(diagnostic, { path: claim.path, line: claim.postLine, message: diagnostic.message });
    out.push(diagnostic);
  }
  return out;
}

/** True every CHECKPOINT_EVERY calls: time for a checkpoint. */
function ticker(): () => boolean {
  let n = 0;
  return () => (++n & (CHECKPOINT_EVERY - 1)) === 0;
}

/** A series finding with the claim it sits on. */
interface Placed {
  diagnostic: Diagnostic;
  claim: NumberClaim;
}

function* duplicates(all: readonly Located[], tick: () => boolean): Steps<Placed[]> {
  const out: Placed[] = [];
  const seen = new Set<string>();
  // One report per claim and rival lineage, even when several versions of the rival repeat the claim.
  const report = (here: Located, there: Located) => {
    const key = `${here.claim.file}:${here.claim.origin.line}:${here.claim.origin.character}|${there.claim.name}|${there.lineage}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ diagnostic: duplicate(here, there), claim: here.claim });
  };
  // Only claims of one value can clash: each is compared with the later ones of its value, in the
  // order of a loop over every pair (i < j), so the findings come out in that order.
  const byValue = new Map<NumberClaim['value'], number[]>();
  for (let i = 0; i < all.length; i++) {
    if (tick()) yield;
    const list = byValue.get(all[i].claim.value);
    if (list) list.push(i);
    else byValue.set(all[i].claim.value, [i]);
  }
  const rank = new Map<number, number>();
  for (const list of byValue.values()) list.forEach((i, r) => rank.set(i, r));
  for (let i = 0; i < all.length; i++) {
    const a = all[i];
    const same = byValue.get(a.claim.value) ?? [];
    for (let r = (rank.get(i) ?? 0) + 1; r < same.length; r++) {
      if (tick()) yield;
      const b = all[same[r]];
      if (a.lineage === b.lineage || a.claim.name === b.claim.name) continue;
      if (!sameFamily(a.claim, b.claim)) continue;
      report(a, b);
      report(b, a);
    }
  }
  return out;
}

function duplicate(here: Located, there: Located): Diagnostic {
  const c = here.claim;
  return {
    code: PatchCode.numberDuplicate,
    severity: 'error',
    file: c.file,
    range: { start: c.origin, end: { line: c.origin.line, character: c.origin.character + 1 } },
    message:
      `${c.name} = ${c.value} is also claimed by ${there.claim.name} in ${seriesLabel(there.series)}` +
      ` (${c.family}* family, ${c.path}); only one series can have ${c.value}`,
    related: [
      {
        file: there.claim.file,
        range: { start: there.claim.origin, end: there.claim.origin },
        message: `${there.claim.name} = ${there.claim.value} here`,
      },
    ],
  };
}

/** Within one lineage, a name whose value differs from the previous version that defined it. */
function* changes(all: readonly Located[], tick: () => boolean): Steps<Placed[]> {
  const out: Placed[] = [];
  const byKey = new Map<string, Located[]>();
  for (const l of all) {
    if (tick()) yield;
    const key = `${l.lineage}|${l.claim.name}`;
    const list = byKey.get(key);
    if (list) list.push(l);
    else byKey.set(key, [l]);
  }
  for (const list of byKey.values()) {
    const sorted = [...list].sort((x, y) => x.series.version - y.series.version);
    // The newest earlier version: the last of the run of versions before the current one (two
    // postings of one version are compared with the same predecessor).
    let runStart = 0;
    for (let k = 0; k < sorted.length; k++) {
      if (tick()) yield;
      const cur = sorted[k];
      if (k > 0 && sorted[k - 1].series.version < cur.series.version) runStart = k;
      const prev = runStart > 0 ? sorted[runStart - 1] : undefined;
      if (prev && prev.claim.value !== cur.claim.value)
        out.push({ diagnostic: changed(prev, cur), claim: cur.claim });
    }
  }
  return out;
}

function changed(prev: Located, cur: Located): Diagnostic {
  const c = cur.claim;
  const taker = c.others.find((o) => o.value === prev.claim.value);
  const why = taker ? `; ${prev.claim.value} is now taken by ${taker.name}` : '';
  return {
    code: PatchCode.numberChanged,
    severity: 'info',
    file: c.file,
    range: { start: c.origin, end: { line: c.origin.line, character: c.origin.character + 1 } },
    message: `${c.name} was ${prev.claim.value} in v${prev.series.version}, ${c.value} in v${cur.series.version}${why}`,
    related: [
      {
        file: prev.claim.file,
        range: { start: prev.claim.origin, end: prev.claim.origin },
        message: `v${prev.series.version}: ${prev.claim.name} = ${prev.claim.value}`,
      },
    ],
  };
}

/** Same prefix, or one a longer form of the other when the shorter is specific (3+ words). */
function sameFamily(a: NumberClaim, b: NumberClaim): boolean {
  if (a.family === b.family) return true;
  const [short, long] = a.family.length <= b.family.length ? [a.family, b.family] : [b.family, a.family];
  return short.split('_').filter(Boolean).length >= 3 && long.startsWith(short);
}

function seriesLabel(s: PatchSeries): string {
  return `"${s.title}" v${s.version}`;
}
