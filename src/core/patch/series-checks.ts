// Series-wide number checks: one feature/ioctl number claimed by two series
// (feature-number-duplicate on both patches, each pointing at the other), and
// a number that changed between versions of one series ("was 12 in v11").

import type { Diagnostic } from '../diag/diagnostic';
import type { NumberClaim } from './claims';
import { PatchCode } from './codes';
import type { SeriesAnalysis } from './analyze';
import { groupVersions, type PatchSeries } from './series';

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
  const lineageOf = new Map<PatchSeries, number>();
  groupVersions(analyses.map((a) => a.series)).forEach((g, i) =>
    g.versions.forEach((s) => lineageOf.set(s, i)),
  );
  const located: Located[] = analyses.flatMap((a) =>
    a.mails.flatMap((m) =>
      m.claims.map((claim) => ({ claim, series: a.series, lineage: lineageOf.get(a.series) ?? -1 })),
    ),
  );
  const out: Diagnostic[] = [];
  for (const { diagnostic, claim } of [...duplicates(located), ...changes(located)]) {
    places?.set(diagnostic, { path: claim.path, line: claim.postLine, message: diagnostic.message });
    out.push(diagnostic);
  }
  return out;
}

/** A series finding with the claim it sits on. */
interface Placed {
  diagnostic: Diagnostic;
  claim: NumberClaim;
}

function duplicates(all: readonly Located[]): Placed[] {
  const out: Placed[] = [];
  const seen = new Set<string>();
  // One report per claim and rival lineage, even when several versions of the rival repeat the claim.
  const report = (here: Located, there: Located) => {
    const key = `${here.claim.file}:${here.claim.origin.line}:${here.claim.origin.character}|${there.claim.name}|${there.lineage}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ diagnostic: duplicate(here, there), claim: here.claim });
  };
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const a = all[i];
      const b = all[j];
      if (a.lineage === b.lineage || a.claim.value !== b.claim.value || a.claim.name === b.claim.name)
        continue;
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
function changes(all: readonly Located[]): Placed[] {
  const out: Placed[] = [];
  const byKey = new Map<string, Located[]>();
  for (const l of all) {
    const key = `${l.lineage}|${l.claim.name}`;
    byKey.set(key, [...(byKey.get(key) ?? []), l]);
  }
  for (const list of byKey.values()) {
    const sorted = [...list].sort((x, y) => x.series.version - y.series.version);
    for (const cur of sorted) {
      // The newest earlier version: two postings of one version are compared with the same predecessor.
      const prev = sorted.filter((p) => p.series.version < cur.series.version).pop();
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
