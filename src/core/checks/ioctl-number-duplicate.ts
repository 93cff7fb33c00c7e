// ioctl-number-duplicate: two ioctls of one `_IOC` type sharing a number.
// Headers that reuse numbers on purpose for different file descriptors
// separate them into banner-commented sections (vfio.h's container, device,
// Type1 and SPAPR sections); numbers are compared within a section.

import { resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import type { DefineValue } from '../model/define-values';
import type { Check, CheckContext } from './types';
import { groupBy } from '../analysis/records';
import { uapiFiles } from '../analysis/scope';
import { sourceOf } from '../analysis/source-text';
import { pushAll } from '../text/push-all';

export const ioctlNumberDuplicate: Check = {
  id: 'ioctl-number-duplicate',
  summary: 'Two ioctls of one _IOC type share a number',
  defaultSeverity: 'error',
  readsAllDefines: true,
  run(ctx: CheckContext): Diagnostic[] {
    const ref = ctx.models[0];
    if (!ref) return [];
    const files = uapiFiles(ctx);
    const ioctls = ref.defines
      .all()
      .filter((v) => v.ioctl && files.has(resolve(v.record.nameLoc.file)) && !isAlias(v));
    const out: Diagnostic[] = [];
    const key = (v: DefineValue): string =>
      `${v.ioctl?.fields.type}|${v.ioctl?.fields.nr}|${resolve(v.record.nameLoc.file)}|${sectionOf(ctx, v)}`;
    for (const group of groupBy(ioctls, key).values()) {
      if (group.length > 1) pushAll(out, duplicates(ctx, group));
    }
    return out;
  },
};

function isAlias(v: DefineValue): boolean {
  return /^\(*\s*[A-Za-z_]\w*\s*\)*$/.test(v.record.macro.bodyText.trim());
}

/** `/* ---- title ---- *\/` on a line of its own. Not a regex: `-{3,}.*-{3,}` backtracks
 *  cubically, and a line of 8000 dashes took minutes. */
function isBanner(line: string): boolean {
  const t = line.trim();
  if (t.length < 4 || !t.startsWith('/*') || !t.endsWith('*/')) return false;
  const inner = t.slice(2, -2).trim();
  return inner.length >= 6 && inner.startsWith('---') && inner.endsWith('---');
}

const banners = new WeakMap<CheckContext, Map<string, number[]>>();

/** Index of the banner-comment section (`/* ---- IOCTLs for DEVICE ... ---- *\/`) holding the define. */
function sectionOf(ctx: CheckContext, v: DefineValue): number {
  let perCtx = banners.get(ctx);
  if (!perCtx) banners.set(ctx, (perCtx = new Map()));
  const file = v.record.nameLoc.file;
  let lines = perCtx.get(file);
  if (!lines) {
    const src = sourceOf(ctx, file);
    lines = [];
    for (let line = 0; src && line < src.lineCount; line++)
      if (isBanner(src.lineText(line))) lines.push(line);
    perCtx.set(file, lines);
  }
  const at = v.record.nameLoc.range.start.line;
  return lines.filter((l) => l < at).length;
}

function isNew(ctx: CheckContext, v: DefineValue): boolean {
  return !ctx.baseline?.defines.get(resolve(v.record.nameLoc.file))?.has(v.name);
}

function duplicates(ctx: CheckContext, group: DefineValue[]): Diagnostic[] {
  const culprits = ctx.baseline ? group.filter((v) => isNew(ctx, v)) : group.slice(1);
  const others = group.filter((v) => !culprits.includes(v));
  return culprits.map((v) => {
    const other = others[0] ?? group.find((g) => g !== v) ?? v;
    const f = v.ioctl?.fields;
    const type = f ? typeText(f.type) : '?';
    return {
      code: ioctlNumberDuplicate.id,
      severity: ioctlNumberDuplicate.defaultSeverity,
      file: resolve(v.record.nameLoc.file),
      range: v.record.nameLoc.range,
      message: `${v.name} (${v.ioctl?.macro}) uses ioctl type ${type} number ${f?.nr} like ${other.name}; ioctls of one type need distinct numbers`,
      related: [
        {
          file: resolve(other.record.nameLoc.file),
          range: other.record.nameLoc.range,
          message: `${other.name} has number ${f?.nr} here`,
        },
      ],
    };
  });
}

function typeText(type: number): string {
  const ch = type >= 0x21 && type < 0x7f ? ` '${String.fromCharCode(type)}'` : '';
  return `0x${type.toString(16)}${ch}`;
}
