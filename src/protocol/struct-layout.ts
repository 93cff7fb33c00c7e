// Custom requests behind "KPW: Show Struct Layout": the server lays a record
// out on every configured ABI and sends plain data; the client's webview draws
// the byte map. Shared by server and client; no LSP package imported here.

import { RequestType } from './request-type';

/** 0-based line and UTF-16 character, as in LSP. */
export interface ProtocolPosition {
  line: number;
  character: number;
}

/** `kpw/structLayout`: the layout of the record under the cursor, or of `name`. */
export const STRUCT_LAYOUT_METHOD = 'kpw/structLayout';

export interface StructLayoutParams {
  textDocument: { uri: string };
  /** The cursor: the record named there, or the innermost record whose body holds it. */
  position?: ProtocolPosition;
  /** A record by tag or typedef name; wins over position. */
  name?: string;
}

/** null when no record is at the position / of that name. */
export type StructLayoutResult = StructLayoutView | null;

export interface StructLayoutView {
  name: string;
  kind: 'struct' | 'union';
  uri: string;
  /** 0-based line of the definition. */
  line: number;
  /** Flattened member names in declaration order; a field's `member` indexes this (color legend). */
  members: string[];
  /** One entry per configured ABI, reference ABI first. */
  abis: AbiLayoutView[];
}

export interface AbiLayoutView {
  abi: string;
  size: number;
  align: number;
  fields: FieldSpan[];
  holes: { offset: number; size: number; bits?: number; after?: string; before?: string }[];
  trailingPadding: number;
  /** A member could not be laid out: fields after it are missing. */
  incomplete: boolean;
  /** Size, alignment or some field's place differs from the reference ABI. */
  differs: boolean;
}

export interface FieldSpan {
  name: string;
  /** Index into StructLayoutView.members. */
  member: number;
  typeName: string;
  offset: number;
  /** null for a flexible array member. */
  size: number | null;
  bitOffset?: number;
  bitSize?: number;
}

/** `kpw/listRecords`: the records a document defines, for the layout view's picker. */
export const LIST_RECORDS_METHOD = 'kpw/listRecords';

export interface ListRecordsParams {
  textDocument: { uri: string };
}

export interface RecordSummary {
  name: string;
  kind: 'struct' | 'union';
  line: number;
  /** Sizes per ABI where they differ, e.g. `32 (i386: 28)`; a single number when all agree. */
  size: string;
}

export type ListRecordsResult = RecordSummary[];

export const StructLayoutRequest = new RequestType<StructLayoutParams, StructLayoutResult>(
  STRUCT_LAYOUT_METHOD,
);
export const ListRecordsRequest = new RequestType<ListRecordsParams, ListRecordsResult>(LIST_RECORDS_METHOD);
