// Agreement between abidiff and kpw on one header and ABI: every type abidiff
// reports changed or removed must be reported by kpw, and every type kpw
// reports must be one abidiff reports; each exception is explained by a named
// cause (a type of an included header, a macro, an indirect change, ...) or fails.

import { resolve } from 'node:path';
import type { CompatChange } from '../../../src/core/compat/types';
import type { AbidiffType } from './abidiff-run';
import { definedIn, type KpwSide } from './kpw-side';

export type Cause =
  | 'included-header' // abidiff compares every type in the object; kpw the header's own
  | 'indirect' // abidiff reports a type whose member's type changed; kpw reports that inner type
  | 'macro' // a #define number: invisible to abidiff (DWARF has no macros)
  | 'alignment-only' // DWARF records no struct alignment; only offsets and sizes
  | 'anonymous' // anonymous unions/enums: matched through their members' names
  | 'anonymous-pairing'; // abidiff pairs anonymous types by position; kpw by their members' names

export interface Explained {
  side: 'abidiff-only' | 'kpw-only';
  name: string;
  cause: Cause;
}

export interface Agreement {
  abidiffTypes: number;
  matched: number;
  kpwSubjects: number;
  kpwMatched: number;
  explained: Explained[];
  /** Differences with no explanation: these fail the test. */
  unexplained: string[];
}

/** The type a kpw change is about, in abidiff's spelling; defines have none. */
export function typeOf(c: CompatChange): string | undefined {
  if (c.owner) return c.owner;
  if (/^(struct|union|typedef) /.test(c.subject)) return c.subject;
  if (c.what === 'record' && !c.subject.includes(' ')) return c.subject; // typedef-named anonymous record
  return undefined;
}

function matches(t: AbidiffType, c: CompatChange): boolean {
  const type = typeOf(c);
  if (type === t.name) return true;
  // Anonymous enums: abidiff numbers them (`enum __anonymous_enum__4`); kpw names their enumerators.
  if (t.name.startsWith('enum __anonymous') && c.owner) return t.text.includes(`'${c.subject}'`);
  // Anonymous unions/structs: abidiff spells their members in the name.
  if (/^(union|struct) \{/.test(t.name) && c.member)
    return new RegExp(`\\s${c.member}(\\[\\d*\\])?;`).test(t.name);
  return false;
}

/** abidiff pairs anonymous unions/structs/enums of the two versions by position: when types are
 *  inserted before them it compares unrelated ones ("type name changed from '__anonymous_union__7'",
 *  or an anonymous member that "became data member" of another shape). */
function anonymousMispair(t: AbidiffType): boolean {
  if (/type name changed from '__anonymous_/.test(t.text)) return true;
  return /^(union|struct) \{/.test(t.name) && /became data member/.test(t.text);
}

/** Whether an abidiff report text names a type (`struct foo` or bare `foo` as a member's type). */
function mentions(text: string, type: string | undefined): boolean {
  if (!type) return false;
  const bare = type.replace(/^(struct|union|enum|typedef) /, '');
  return new RegExp(`(^|[\\s'(])${bare.replace(/[^\w]/g, '\\$&')}\\b`, 'm').test(text);
}

export function agree(types: AbidiffType[], side: KpwSide, header: string): Agreement {
  const main = resolve(side.after.mainFiles[0] ?? header);
  const mainBefore = resolve(side.before.mainFiles[0] ?? header);
  const explained: Explained[] = [];
  const unexplained: string[] = [];
  let matched = 0;
  for (const t of types) {
    const hit = side.changes.find((c) => matches(t, c));
    if (hit) {
      matched++;
      if (/^(union|struct) \{|^enum __anonymous/.test(t.name))
        explained.push({ side: 'abidiff-only', name: t.name, cause: 'anonymous' });
      continue;
    }
    const file = definedIn(side, t.name);
    if (file && file !== main && file !== mainBefore)
      explained.push({ side: 'abidiff-only', name: t.name, cause: 'included-header' });
    else if (anonymousMispair(t))
      explained.push({ side: 'abidiff-only', name: t.name, cause: 'anonymous-pairing' });
    else if (side.changes.some((c) => mentions(t.text, typeOf(c))))
      explained.push({ side: 'abidiff-only', name: t.name, cause: 'indirect' });
    else unexplained.push(`abidiff reports ${t.kind} '${t.name}', kpw does not:\n${t.text}`);
  }
  const subjects = new Map<string, CompatChange[]>();
  for (const c of side.changes) {
    const key = typeOf(c) ?? `#define ${c.subject}`;
    subjects.set(key, [...(subjects.get(key) ?? []), c]);
  }
  let kpwMatched = 0;
  for (const [key, list] of subjects) {
    if (key.startsWith('#define ')) {
      explained.push({ side: 'kpw-only', name: key, cause: 'macro' });
      continue;
    }
    if (types.some((t) => list.some((c) => matches(t, c)))) {
      kpwMatched++;
      continue;
    }
    if (key.startsWith('enum {')) explained.push({ side: 'kpw-only', name: key, cause: 'anonymous-pairing' });
    else if (list.every((c) => c.what === 'align'))
      explained.push({ side: 'kpw-only', name: key, cause: 'alignment-only' });
    else
      unexplained.push(
        `kpw reports ${key}, abidiff does not: ${list.map((c) => `${c.code} ${c.detail}`).join('; ')}`,
      );
  }
  return {
    abidiffTypes: types.length,
    matched,
    kpwSubjects: subjects.size,
    kpwMatched,
    explained,
    unexplained,
  };
}
