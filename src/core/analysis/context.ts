// What a check reads: one model per ABI of the same files, the workspace for
// cross-file rules, the baseline of a change; and the number families inferred
// from a header. The analyses in this folder and the checks in checks/ both take
// it, so it sits below both (checks/types.ts re-exports it with the Check contract).

import type { HeaderModel } from '../model/header-model';
import type { FileHost } from '../host/types';

export interface CheckWorkspace {
  /** Root of the kernel tree (the directory holding include/ and drivers/), if known. */
  root?: string;
  host: FileHost;
}

/** What the names already present before a change were, when known (a patch's pre-image, git HEAD). */
export interface CheckBaseline {
  /** #define names that existed before the change, per file. */
  defines: ReadonlyMap<string, ReadonlySet<string>>;
  /** struct/union tags that existed before the change, per file. */
  records: ReadonlyMap<string, ReadonlySet<string>>;
  /** The before models (one per ABI, same main files before the change): the compat-* checks compare them. */
  models?: HeaderModel[];
}

export interface CheckContext {
  /** One model per ABI for the same main files; models[0] is the reference ABI (x86_64 by default). */
  models: HeaderModel[];
  /** The files being checked (absolute paths). Findings are reported on these files only. */
  files: string[];
  workspace: CheckWorkspace;
  baseline?: CheckBaseline;
  /** The same files before a change, one model per ABI (the editor's git ref): what the compat-* checks
   *  compare with, without making the number checks judge only new names (baseline does that). */
  before?: HeaderModel[];
  /** Run the UAPI layout rules even on files that are not UAPI headers. */
  forceUapi?: boolean;
  signal?: AbortSignal;
  /** false: whoever shows the findings offers no quick fixes (kpw check prints text, JSON, b4):
   *  the checks build none (40,000 findings' fixes held ~10 MB). The findings are the same. */
  fixes?: boolean;
}

/** A numeric family of #defines inferred from the header (never from a built-in table). */
export interface NumberFamily {
  /** The shared name prefix, e.g. `VFIO_DEVICE_FEATURE_`, or `VFIO_BASE + n` style descriptions for ioctls. */
  prefix: string;
  kind: 'feature' | 'capability' | 'ioctl' | 'other';
  /** In source order; `line` is 0-based. For ioctl families `value` is the `_IOC` number field (nr). */
  members: { name: string; value: bigint; file: string; line: number }[];
  /** ioctl families: the `_IOC` type the members share (`;` = 0x3b for vfio). */
  ioctlType?: number;
  /** ioctl families written as `_IO(TYPE, BASE + n)`: the base macro and its value, for messages. */
  ioctlBase?: { name: string; value: bigint };
}
