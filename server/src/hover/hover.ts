// textDocument/hover: resolves what the identifier under the cursor names and
// hands it to the matching renderer (types in hover-layout.ts, #defines in
// hover-define.ts).

import type { Hover, HoverParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentState } from '../document-models';
import { defineHover } from './hover-define';
import type { FeatureUse } from '../../../src/core/api/index';
import { memberHover, recordHover, typedefHover } from './hover-layout';
import { targetAt } from '../symbol-at';

export interface HoverContext {
  featureUse?: (name: string) => FeatureUse | undefined;
  /** Extra section for a record (the layout before the compatibility baseline), if any. */
  recordExtra?: (name: string) => string | undefined;
}

export function hover(
  doc: TextDocument,
  state: DocumentState,
  params: HoverParams,
  ctx: HoverContext = {},
): Hover | null {
  const model = state.models[0];
  if (!model) return null;
  const target = targetAt(doc, state.path, model, params.position);
  if (!target) return null;
  let value: string | undefined;
  switch (target.kind) {
    case 'define':
      value = defineHover({ models: state.models, name: target.name, ...ctx });
      break;
    case 'record':
      value = recordHover(state.models, target.name);
      if (value && ctx.recordExtra)
        value = [value, ctx.recordExtra(target.name)].filter(Boolean).join('\n\n');
      break;
    case 'member':
      value = memberHover(state.models, target.record, target.name, target.loc);
      break;
    case 'typedef':
      value = typedefHover(state.models, target.name);
      break;
  }
  return value ? { contents: { kind: 'markdown', value }, range: target.range } : null;
}
