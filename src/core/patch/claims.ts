// The numbers a patch claims: #defines its `+` lines add that are members of a
// numeric family (feature, capability, ioctl numbers) of the post-image, found
// with the checks' own family inference on the reference ABI's model.

import { resolve } from 'node:path';
import { getAbi } from '../abi/index';
import { modelFamilies } from '../analysis/model-families';
import type { NumberFamily } from '../analysis/context';
import { buildHeaderModel } from '../model/header-model';
import type { FileHost } from '../host/types';
import { isAbortError, type Drive } from '../steps';
import type { Position } from '../text/position';
import type { ImageLine } from './apply';
import { pushAll } from '../text/push-all';

export interface NumberClaim {
  name: string;
  value: bigint;
  /** Family prefix (`VFIO_DEVICE_FEATURE_`), or the name's first three words when the partial file has no family. */
  family: string;
  kind: NumberFamily['kind'];
  /** The patch file and the `+` line defining the name. */
  file: string;
  origin: Position;
  /** Patch path of the header (`include/uapi/linux/vfio.h`). */
  path: string;
  /** 0-based line of the definition in the header's post-image (where b4-lines cites it). */
  postLine: number;
  /** The family's other members in the post-image (for "12 is now taken by ..."). */
  others: { name: string; value: bigint }[];
}

/** Claims of the lines mail `tag` added to one header's post-image; never throws but an abort of `drive`. */
export async function numberClaims(
  image: { path: string; absPath: string; lines: readonly ImageLine[] },
  tag: number,
  patchFile: string,
  host: FileHost,
  includeDirs?: string[],
  drive?: Drive,
): Promise<NumberClaim[]> {
  const abi = getAbi('x86_64');
  if (!abi) return [];
  try {
    const model = await buildHeaderModel({ files: [image.absPath], includeDirs, abi, host, drive });
    const file = resolve(image.absPath);
    const claims: NumberClaim[] = [];
    const inFamily = new Set<string>();
    for (const fam of modelFamilies(model)) {
      for (const m of fam.members) {
        inFamily.add(m.name);
        const added = resolve(m.file) === file ? image.lines[m.line]?.added : undefined;
        if (!added || added.mail !== tag) continue;
        const others = fam.members
          .filter((o) => o.name !== m.name)
          .map((o) => ({ name: o.name, value: o.value }));
        claims.push({
          name: m.name,
          value: m.value,
          family: fam.prefix,
          kind: fam.kind,
          file: patchFile,
          origin: added.origin,
          path: image.path,
          postLine: m.line,
          others,
        });
      }
    }
    pushAll(claims, loneClaims(model.defines.all(), inFamily, image, tag, file, patchFile));
    return claims;
  } catch (err) {
    if (isAbortError(err)) throw err;
    return [];
  }
}

/** Added integer #defines outside any family (a partial file has too few members to infer one). */
function loneClaims(
  values: {
    name: string;
    value?: bigint;
    ioctl?: unknown;
    record: { nameLoc: { file: string; range: { start: Position } } };
  }[],
  inFamily: Set<string>,
  image: { path: string; lines: readonly ImageLine[] },
  tag: number,
  file: string,
  patchFile: string,
): NumberClaim[] {
  const out: NumberClaim[] = [];
  for (const v of values) {
    if (inFamily.has(v.name) || v.value === undefined || v.ioctl) continue;
    const words = v.name.split('_').filter(Boolean);
    if (words.length < 4 || resolve(v.record.nameLoc.file) !== file) continue;
    const added = image.lines[v.record.nameLoc.range.start.line]?.added;
    if (!added || added.mail !== tag) continue;
    out.push({
      name: v.name,
      value: v.value,
      family: `${words.slice(0, 3).join('_')}_`,
      kind: 'other',
      file: patchFile,
      origin: added.origin,
      path: image.path,
      postLine: v.record.nameLoc.range.start.line,
      others: [],
    });
  }
  return out;
}
