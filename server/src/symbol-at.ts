// What the identifier under the cursor names: a #define, a member of the
// record around it, a struct/union (by tag or typedef name) or another
// typedef. Hover and the layout view share this resolution.

import type { Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { MemberLayout, RecordLayout, HeaderModel } from '../../src/core/api/index';
import type { Range, SourceLocation } from '../../src/core/text/position';

export type Target =
  | { kind: 'define'; name: string; range: Range }
  | { kind: 'record'; name: string; range: Range }
  | { kind: 'member'; record: string; name: string; loc: SourceLocation; range: Range }
  | { kind: 'typedef'; name: string; range: Range };

export interface Word {
  text: string;
  range: Range;
  /** The keyword right before it (`struct`, `union`, `enum`), if any. */
  tagKeyword?: string;
}

/** The C identifier touching the position, if any. */
export function wordAt(doc: TextDocument, pos: Position): Word | undefined {
  const line = doc.getText({
    start: { line: pos.line, character: 0 },
    end: { line: pos.line + 1, character: 0 },
  });
  let start = Math.min(pos.character, line.length);
  let end = start;
  while (start > 0 && /\w/.test(line[start - 1])) start--;
  while (end < line.length && /\w/.test(line[end])) end++;
  const text = line.slice(start, end);
  if (!/^[A-Za-z_]\w*$/.test(text)) return undefined;
  const keyword = /\b(struct|union|enum)\s+$/.exec(line.slice(0, start))?.[1];
  const range = { start: { line: pos.line, character: start }, end: { line: pos.line, character: end } };
  return { text, range, tagKeyword: keyword };
}

export function contains(loc: SourceLocation, file: string, pos: Position): boolean {
  if (loc.file !== file) return false;
  const { start, end } = loc.range;
  if (pos.line < start.line || pos.line > end.line) return false;
  if (pos.line === start.line && pos.character < start.character) return false;
  return !(pos.line === end.line && pos.character > end.character);
}

/** The innermost record defined in `file` whose definition holds the position. */
export function enclosingRecord(model: HeaderModel, file: string, pos: Position): RecordLayout | undefined {
  let best: RecordLayout | undefined;
  for (const r of model.mainRecords()) {
    if (!contains(r.loc, file, pos)) continue;
    if (!best || r.loc.range.start.line >= best.loc.range.start.line) best = r;
  }
  return best;
}

/** The (possibly nested) member declared at the position with the given name. */
export function memberAt(
  members: MemberLayout[],
  file: string,
  pos: Position,
  name: string,
): MemberLayout | undefined {
  for (const m of members) {
    if (!contains(m.loc, file, pos)) continue;
    if (m.members) {
      const inner = memberAt(m.members, file, pos, name);
      if (inner) return inner;
    }
    if (m.name === name) return m;
  }
  return undefined;
}

/** Finds the member with this declaration location in a layout of the same record on another ABI. */
export function memberByLoc(members: MemberLayout[], loc: SourceLocation): MemberLayout | undefined {
  for (const m of members) {
    const s = m.loc.range.start;
    if (
      m.loc.file === loc.file &&
      s.line === loc.range.start.line &&
      s.character === loc.range.start.character
    )
      return m;
    const inner = m.members && memberByLoc(m.members, loc);
    if (inner) return inner;
  }
  return undefined;
}

export function targetAt(
  doc: TextDocument,
  file: string,
  model: HeaderModel,
  pos: Position,
): Target | undefined {
  const word = wordAt(doc, pos);
  if (!word) return undefined;
  const { text: name, range } = word;
  if (!word.tagKeyword && model.defines.get(name)) return { kind: 'define', name, range };
  if (!word.tagKeyword) {
    const record = enclosingRecord(model, file, pos);
    const member = record && memberAt(record.members, file, pos, name);
    if (record && member) return { kind: 'member', record: record.name, name, loc: member.loc, range };
  }
  if (word.tagKeyword !== 'enum' && model.record(word.tagKeyword ? `${word.tagKeyword} ${name}` : name)) {
    return { kind: 'record', name: word.tagKeyword ? `${word.tagKeyword} ${name}` : name, range };
  }
  if (!word.tagKeyword && model.typeEnv.typedef(name)) return { kind: 'typedef', name, range };
  return undefined;
}
