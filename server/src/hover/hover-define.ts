// Hover text for a #define: its evaluated value (hex and decimal) per ABI,
// the `_IOC` fields of ioctl numbers (direction, type, number, size), and
// for members of a numeric family the family, its next free value and, when
// the driver files are in the workspace, the handler and struct it uses.

import {
  type IocFields,
  type NumberFamily,
  modelFamilies,
  type DefineValue,
  type HeaderModel,
  type FeatureUse,
} from '../../../src/core/api/index';
import { abiTable, rowsDiffer, type AbiRow } from '../abi-table';
import { pushAll } from '../../../src/core/text/push-all';

/** What the driver sources and the header say about a feature number (see feature-use.ts). */
export interface DefineHoverInput {
  models: HeaderModel[];
  name: string;
  featureUse?: (name: string) => FeatureUse | undefined;
}

export function hex(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

function typeChar(type: number): string {
  return type >= 0x20 && type < 0x7f
    ? `'${String.fromCharCode(type)}' (0x${type.toString(16)})`
    : `0x${type.toString(16)}`;
}

function direction(f: IocFields): string {
  return {
    none: '_IOC_NONE',
    read: '_IOC_READ',
    write: '_IOC_WRITE',
    'read-write': '_IOC_READ\\|_IOC_WRITE',
  }[f.dir];
}

export function defineHover(input: DefineHoverInput): string | undefined {
  const values = input.models.map((m) => ({ abi: m.abi.name, v: m.defines.get(input.name) }));
  const ref = values[0]?.v;
  if (!ref) return undefined;
  const parts = ['```c\n#define ' + `${input.name} ${ref.record.macro.bodyText}`.trimEnd() + '\n```'];
  parts.push(valueSection(values));
  const ioctl = ioctlSection(values);
  if (ioctl) parts.push(ioctl);
  const family = familySection(input, ref);
  if (family) parts.push(family);
  if (ref.record.doc) parts.push(docSection(ref.record.doc));
  return parts.join('\n\n');
}

function valueSection(values: { abi: string; v?: DefineValue }[]): string {
  const rows: AbiRow[] = values.map(({ abi, v }) => ({
    abi,
    cells: [
      v?.value === undefined ? `not a constant (${v?.error ?? 'undefined'})` : `${hex(v.value)} (${v.value})`,
    ],
  }));
  if (!rowsDiffer(rows)) return `**Value:** \`${rows[0].cells[0]}\` on all ${rows.length} ABIs`;
  return `**Value** differs between ABIs:\n\n${abiTable(['value'], rows)}`;
}

function ioctlSection(values: { abi: string; v?: DefineValue }[]): string | undefined {
  const first = values.find((x) => x.v?.ioctl)?.v?.ioctl;
  if (!first) return undefined;
  const rows: AbiRow[] = values
    .filter((x) => x.v?.ioctl)
    .map(({ abi, v }) => {
      const f = v!.ioctl!.fields;
      return { abi, cells: [direction(f), typeChar(f.type), String(f.nr), String(f.size)] };
    });
  const arg = first.argType ? ` with argument \`${first.argType}\`` : '';
  const same = rowsDiffer(rows) ? '' : ' (same on every ABI)';
  return `**ioctl** \`${first.macro}\`${arg}${same}:\n\n${abiTable(['direction', 'type', 'number', 'size'], rows)}`;
}

function familySection(input: DefineHoverInput, ref: DefineValue): string | undefined {
  if (ref.value === undefined) return undefined;
  let families: NumberFamily[];
  try {
    families = modelFamilies(input.models[0]);
  } catch {
    return undefined;
  }
  const family = families.find((f) => f.members.some((m) => m.name === input.name));
  if (!family) return undefined;
  const sorted = [...family.members].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const max = sorted[sorted.length - 1].value;
  const label = family.kind === 'ioctl' ? `\`${family.prefix}\`` : `\`${family.prefix}*\``;
  const what = family.kind === 'ioctl' ? 'numbers' : 'values';
  const same = family.members
    .filter((m) => m.value === ref.value && m.name !== input.name)
    .map((m) => `\`${m.name}\``);
  const lines = [
    `**Family** ${label} (${family.kind}): ${family.members.length} names, ${what} ${sorted[0].value}…${max}; next free: ${max + 1n}`,
  ];
  if (same.length) lines.push(`⚠️ same value as ${same.join(', ')}`);
  const use = family.kind === 'feature' ? input.featureUse?.(input.name) : undefined;
  if (use) pushAll(lines, featureLines(input.name, use));
  return lines.join('\n\n');
}

function featureLines(name: string, use: FeatureUse): string[] {
  const out: string[] = [];
  if (use.documented) out.push(`**Struct:** \`struct ${use.documented.tag}\` (${use.documented.how})`);
  if (!use.driverFiles) return out;
  if (!use.caseAt) {
    out.push(
      `**Handler:** none — no \`case ${name}:\` in ${use.switches?.join(', ') || 'the driver dispatch'}`,
    );
    return out;
  }
  const at = `${use.caseAt.file}:${use.caseAt.line + 1}`;
  const handler = use.handler ? `\`${use.handler}()\`` : 'inline code';
  const minsz = use.minsz ? `; checks the buffer with \`vfio_check_feature(..., ${use.minsz})\`` : '';
  const checked = use.checkedStruct ? ` = \`sizeof(struct ${use.checkedStruct})\`` : '';
  out.push(`**Handler:** ${handler}, dispatched at ${at}${minsz}${checked}`);
  return out;
}

function docSection(doc: string): string {
  const lines = doc.split('\n');
  const shown = lines.slice(0, 12).join('\n');
  return '```text\n' + (lines.length > 12 ? `${shown}\n…` : shown) + '\n```';
}
