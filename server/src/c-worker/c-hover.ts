// The hover of a C document, computed in the C checks' worker: on `x` in
// `copy_to_user(dst, &x, n)`, x's struct layout gaps per ABI as markdown. The
// functions come from the document's parse (tree-sitter), the layouts from the
// UAPI headers it includes; neither runs on the language server's main thread.

import {
  addressedLocal,
  COPY_OUT,
  getAbi,
  kernelRootOf,
  UapiLayouts,
  type AbiSpec,
  type CFlow,
} from '../../../src/core/api/index';
import { textOverDisk } from '../../../src/core/host/index';

export interface CHoverInput {
  flow: CFlow;
  text: string;
  file: string;
  offset: number;
  abis: string[];
  includeDirs: string[];
}

/** The hover's markdown, or null when the offset is not on a struct copied out. */
export function cHoverMarkdown({ flow, text, file, offset, abis, includeDirs }: CHoverInput): string | null {
  const fn = flow.functions.find((f) => offset >= f.start && offset < f.end);
  const call = fn?.calls.find((c) => COPY_OUT.has(c.callee) && offset >= c.at && offset < c.end);
  const name = call && addressedLocal(call.args[COPY_OUT.get(call.callee) ?? 1]);
  const local = name && fn && [...fn.locals].reverse().find((l) => l.name === name && l.at < (call?.at ?? 0));
  const tag = local && /^(?:const\s+)?(?:struct|union)\s+(\w+)$/.exec(local.type)?.[1];
  if (!tag) return null;
  const specs = abis.map((a) => getAbi(a)).filter((a): a is AbiSpec => !!a);
  const host = textOverDisk(file, text);
  const layouts = new UapiLayouts({
    text,
    host,
    root: kernelRootOf(file),
    includeDirs,
    abis: specs,
  }).layouts(tag);
  if (layouts.length === 0)
    return `**${local.type}** — layout unknown (not in the UAPI headers this file includes)`;
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
  return `**${local.type}** copied by \`${call?.callee}()\`: ${verdict}\n\n| ABI | size | holes / padding |\n|---|---|---|\n${rows.join('\n')}`;
}
