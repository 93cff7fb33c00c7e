// Families of a header model's main files, with the model's record bodies
// telling which #defines are member values (written inside a struct) rather
// than family members. The entry point hovers and the number checks share.

import { resolve } from 'node:path';
import type { HeaderModel } from '../model/header-model';
import type { DefineValue } from '../model/define-values';
import { inferFamilies } from './families';
import type { NumberFamily } from './types';

const memo = new WeakMap<HeaderModel, NumberFamily[]>();

/** Families inferred from the model's main files' #defines (memoized per model). */
export function modelFamilies(model: HeaderModel): NumberFamily[] {
  let out = memo.get(model);
  if (!out) {
    out = inferFamilies(model.defines.all(), { insideRecord: insideRecordTest(model) });
    memo.set(model, out);
  }
  return out;
}

/** The define of a family member on this model, for its location and body. */
export function defineOf(model: HeaderModel, name: string): DefineValue | undefined {
  return model.defines.get(name);
}

function insideRecordTest(model: HeaderModel): (file: string, line: number) => boolean {
  const spans = new Map<string, [number, number][]>();
  for (const rec of model.typeEnv.allRecords()) {
    const file = resolve(rec.loc.file);
    const list = spans.get(file) ?? [];
    list.push([rec.loc.range.start.line, rec.loc.range.end.line]);
    spans.set(file, list);
  }
  return (file, line) => (spans.get(resolve(file)) ?? []).some(([a, b]) => line > a && line < b);
}
