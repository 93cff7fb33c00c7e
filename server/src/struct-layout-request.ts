// The `kpw/structLayout` and `kpw/listRecords` requests: the record under the
// cursor (or named) laid out on every configured ABI as plain data for the
// layout webview, and the list of a document's records for its picker.

import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { RecordLayout } from '../../src/core/api/index';
import type {
  AbiLayoutView,
  FieldSpan,
  ListRecordsResult,
  StructLayoutParams,
  StructLayoutResult,
} from '../../src/protocol/struct-layout';
import type { DocumentState } from './document-models';
import { enclosingRecord, targetAt } from './symbol-at';

/** The record the request asks for: by name, the name under the cursor, or the record around the cursor. */
function recordName(doc: TextDocument, state: DocumentState, params: StructLayoutParams): string | undefined {
  const model = state.models[0];
  if (!model) return undefined;
  if (params.name) return model.record(params.name) ? params.name : undefined;
  if (!params.position) return undefined;
  const target = targetAt(doc, state.path, model, params.position);
  if (target?.kind === 'record') return target.name;
  if (target?.kind === 'member') return target.record;
  if (target?.kind === 'typedef' && model.record(target.name)) return target.name;
  return enclosingRecord(model, state.path, params.position)?.name;
}

export function structLayout(
  doc: TextDocument,
  state: DocumentState,
  params: StructLayoutParams,
): StructLayoutResult {
  const name = recordName(doc, state, params);
  if (!name) return null;
  const variants = state.models.map((m) => m.record(name)).filter((l): l is RecordLayout => !!l);
  const ref = variants[0];
  if (!ref) return null;
  const members: string[] = [];
  const memberIndex = (n: string): number => {
    const i = members.indexOf(n);
    return i >= 0 ? i : members.push(n) - 1;
  };
  for (const f of ref.fields) memberIndex(f.name);
  const abis = variants.map((l) => abiView(l, ref, memberIndex));
  return { name: ref.name, kind: ref.kind, uri: state.uri, line: ref.loc.range.start.line, members, abis };
}

function abiView(l: RecordLayout, ref: RecordLayout, memberIndex: (n: string) => number): AbiLayoutView {
  const fields: FieldSpan[] = l.fields.map((f) => {
    const span: FieldSpan = {
      name: f.name,
      member: memberIndex(f.name),
      typeName: f.typeName,
      offset: f.offset,
      size: f.size,
    };
    if (f.bitSize !== undefined) {
      span.bitOffset = f.bitOffset;
      span.bitSize = f.bitSize;
    }
    return span;
  });
  return {
    abi: l.abi,
    size: l.size,
    align: l.align,
    fields,
    holes: l.holes.map((h) => ({ ...h })),
    trailingPadding: l.trailingPadding,
    incomplete: !!l.incomplete,
    differs: signature(l) !== signature(ref),
  };
}

function signature(l: RecordLayout): string {
  return JSON.stringify([
    l.size,
    l.align,
    l.fields.map((f) => [f.name, f.offset, f.size, f.bitOffset, f.bitSize]),
  ]);
}

export function listRecords(state: DocumentState): ListRecordsResult {
  const model = state.models[0];
  if (!model) return [];
  return model
    .mainRecords()
    .filter((r) => r.loc.file === state.path)
    .map((r) => {
      const others = state.models
        .slice(1)
        .map((m) => m.record(r.name))
        .filter((l) => l && l.size !== r.size);
      const size = others.length
        ? `${r.size} (${others.map((l) => `${l!.abi}: ${l!.size}`).join(', ')})`
        : String(r.size);
      return { name: r.name, kind: r.kind, line: r.loc.range.start.line, size };
    });
}
