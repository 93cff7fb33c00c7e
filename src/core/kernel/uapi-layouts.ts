// Finds and models the UAPI headers a C file includes, so the kernel-side
// checks can ask for a struct's layout (holes, member offsets) on every ABI and
// for #define values: `#include <linux/vfio.h>` is looked up in the -I
// directories, the kernel tree's include/uapi, then /usr/include. Built lazily, once.

import { join, resolve } from 'node:path';
import { ABIS, type AbiSpec } from '../abi/index';
import { buildHeaderModelSync, type HeaderModel } from '../model/header-model';
import type { FileHost } from '../preprocess/types';
import type { RecordLayout } from '../layout/types';
import type { DefineValue } from '../model/define-values';

export interface UapiLookupOptions {
  /** The C file's text. */
  text: string;
  host: FileHost;
  /** The kernel tree root (holding include/uapi), if known. */
  root?: string;
  includeDirs?: string[];
  abis?: AbiSpec[];
}

const MAX_HEADERS = 16;

/** The UAPI header files the text's `#include <...>` lines name, resolved. */
export function uapiIncludes(opts: UapiLookupOptions): string[] {
  const dirs = [
    ...(opts.includeDirs ?? []),
    ...(opts.root ? [join(opts.root, 'include/uapi')] : []),
    '/usr/include',
  ];
  const out: string[] = [];
  for (const m of opts.text.matchAll(
    /^\s*#\s*include\s*<((?:linux|asm-generic|uapi\/linux)\/[\w./-]+\.h)>/gm,
  )) {
    const rel = m[1].replace(/^uapi\//, '');
    const found = dirs.map((d) => resolve(d, rel)).find((p) => opts.host.fileExists(p));
    if (found && !out.includes(found)) out.push(found);
    if (out.length >= MAX_HEADERS) break;
  }
  return out;
}

export class UapiLayouts {
  private models?: HeaderModel[];

  constructor(private readonly opts: UapiLookupOptions) {}

  private build(): HeaderModel[] {
    if (this.models) return this.models;
    const files = uapiIncludes(this.opts);
    const abis = this.opts.abis ?? [...ABIS];
    this.models = files.length
      ? abis.map((abi) =>
          buildHeaderModelSync({ files, abi, includeDirs: this.opts.includeDirs, host: this.opts.host }),
        )
      : [];
    return this.models;
  }

  layouts(tag: string): { abi: string; layout: RecordLayout }[] {
    return this.build().flatMap((m) => {
      const layout = m.record(`struct ${tag}`) ?? m.record(`union ${tag}`);
      return layout ? [{ abi: m.abi.name, layout }] : [];
    });
  }

  define(name: string): DefineValue | undefined {
    return this.build()[0]?.defines.get(name);
  }
}
