// C files in the editor (drivers implementing a UAPI): the kernel-side checks
// as diagnostics, and a hover on the struct argument of copy_to_user() listing
// its holes and tail padding on every ABI. Header models are not built for them.

import type { Connection, Hover, HoverParams, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  addressedLocal,
  checkCSource,
  COPY_OUT,
  getAbi,
  kernelRootOf,
  parseCFlowSteps,
  runSliced,
  type CFlow,
  UapiLayouts,
  type AbiSpec,
} from '../../src/core/api/index';
import { LineIndex } from '../../src/core/text/position';
import { toLspDiagnostic, uriToPath } from './convert';
import { overlayHost, textOverDisk } from './overlay-host';
import type { SettingsStore } from './settings';
import type { BuildWatcher } from './document-models';

export const isCSource = (uri: string): boolean => uri.endsWith('.c');

/** Checks the document in slices of `sliceMs` (runSliced: the parse and the checks pause, other requests
 *  are served in between, an edit or a close aborts), with progress when it needs more than one slice. */
export async function publishCDiagnostics(
  deps: {
    connection: Connection;
    documents: TextDocuments<TextDocument>;
    settings: SettingsStore;
    sliceMs?: number;
    watcher?: BuildWatcher;
  },
  uri: string,
  version: number,
  signal: AbortSignal,
): Promise<void> {
  const doc = deps.documents.get(uri);
  const path = uriToPath(uri);
  if (!doc || !path) return;
  const s = deps.settings.value;
  const host = overlayHost(deps.documents);
  let watched = false;
  let ended: ((cancelled: boolean) => void) | undefined;
  const onSlice = () => {
    if (!watched) ended = deps.watcher?.started(uri);
    watched = true;
  };
  let found;
  try {
    found = await checkCSource({
      file: path,
      text: doc.getText(),
      host,
      root: kernelRootOf(path, host),
      includeDirs: s.includeDirs,
      abis: s.abis,
      disable: s.checks.disabled,
      drive: (steps) => runSliced(steps, { signal, sliceMs: deps.sliceMs, onSlice }),
    });
  } finally {
    ended?.(signal.aborted);
  }
  if (signal.aborted || deps.documents.get(uri)?.version !== version) return;
  void deps.connection.sendDiagnostics({
    uri,
    version,
    diagnostics: found.filter((d) => d.file === path).map(toLspDiagnostic),
  });
}

/** The functions of the last text of each C document hovered: parsed once per text, in
 *  slices (a 4 MB driver parses for seconds: other requests are served meanwhile). */
const flows = new Map<string, { text: string; flow: Promise<CFlow> }>();

function flowOf(doc: TextDocument, path: string, sliceMs?: number): Promise<CFlow> {
  const text = doc.getText();
  const hit = flows.get(doc.uri);
  if (hit?.text === text) return hit.flow;
  const flow = runSliced(parseCFlowSteps(path, text), { sliceMs });
  flows.set(doc.uri, { text, flow });
  flow.catch(() => flows.delete(doc.uri));
  return flow;
}

/** Forgets a closed document's functions. */
export function forgetCFlow(uri: string): void {
  flows.delete(uri);
}

/** Hover on `x` in `copy_to_user(dst, &x, n)`: x's struct layout gaps per ABI. */
export async function cHover(
  doc: TextDocument,
  params: HoverParams,
  settings: SettingsStore,
  sliceMs?: number,
): Promise<Hover | null> {
  const path = uriToPath(doc.uri);
  if (!path) return null;
  const text = doc.getText();
  const offset = new LineIndex(text).offsetAt(params.position);
  const flow = await flowOf(doc, path, sliceMs);
  const fn = flow.functions.find((f) => offset >= f.start && offset < f.end);
  const call = fn?.calls.find((c) => COPY_OUT.has(c.callee) && offset >= c.at && offset < c.end);
  const name = call && addressedLocal(call.args[COPY_OUT.get(call.callee) ?? 1]);
  const local = name && fn && [...fn.locals].reverse().find((l) => l.name === name && l.at < (call?.at ?? 0));
  const tag = local && /^(?:const\s+)?(?:struct|union)\s+(\w+)$/.exec(local.type)?.[1];
  if (!tag) return null;
  const abis = settings.value.abis.map((a) => getAbi(a)).filter((a): a is AbiSpec => !!a);
  const host = textOverDisk(path, text);
  const layouts = new UapiLayouts({
    text,
    host,
    root: kernelRootOf(path),
    includeDirs: settings.value.includeDirs,
    abis,
  }).layouts(tag);
  if (layouts.length === 0)
    return {
      contents: {
        kind: 'markdown',
        value: `**${local.type}** — layout unknown (not in the UAPI headers this file includes)`,
      },
    };
  const rows = layouts.map(({ abi, layout }) => {
    const holes = layout.holes
      .filter((h) => h.size > 0)
      .map((h) => `${h.size} @ ${h.offset}${h.after ? ` after ${h.after}` : ''}`);
    const tail = layout.trailingPadding ? `${layout.trailingPadding} at end` : '';
    return `| ${abi} | ${layout.size} | ${[...holes, tail].filter(Boolean).join(', ') || 'none'} |`;
  });
  const leaks = layouts.some(
    ({ layout }) => layout.holes.some((h) => h.size > 0) || layout.trailingPadding > 0,
  );
  const verdict = leaks
    ? 'padding is copied to userspace unless the struct is zeroed (`= {}`)'
    : 'no padding on any ABI';
  return {
    contents: {
      kind: 'markdown',
      value: `**${local.type}** copied by \`${call?.callee}()\`: ${verdict}\n\n| ABI | size | holes / padding |\n|---|---|---|\n${rows.join('\n')}`,
    },
  };
}
