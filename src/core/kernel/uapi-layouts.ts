// Finds and models the UAPI headers a C file includes, so the kernel-side
// checks can ask for a struct's layout (holes, member offsets) on every ABI and
// for #define values: `#include <linux/vfio.h>` is looked up in the -I
// directories, the kernel tree's include/uapi, then /usr/include. Built lazily, once.

import { listDir } from '../host/query';
import { nodeFileHost } from '../host/node-file-host';
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

const MAX_HEADERS = 24;

const INCLUDE = /^\s*#\s*include\s*<((?:uapi\/)?(?:linux|asm-generic)\/[\w./-]+\.h)>/gm;

/** The UAPI header files the text's `#include <...>` lines name, resolved; in a kernel tree also those
 *  its kernel headers include (drivers include <linux/vfio_pci_core.h>, which includes <linux/vfio.h>). */
export function uapiIncludes(opts: UapiLookupOptions): string[] {
  // In a kernel tree, <linux/x.h> is the tree's; the host's /usr/include belongs to another version.
  const dirs = [
    ...(opts.includeDirs ?? []),
    ...(opts.root ? [join(opts.root, 'include/uapi')] : ['/usr/include']),
  ];
  const out: string[] = [];
  const seenKernel = new Set<string>();
  // Breadth first: the file's own includes before those of the kernel headers it includes.
  let level: string[] = [opts.text];
  for (let depth = 0; depth < 3 && level.length && out.length < MAX_HEADERS; depth++) {
    const next: string[] = [];
    for (const text of level) {
      for (const m of text.matchAll(INCLUDE)) {
        const rel = m[1].replace(/^uapi\//, '');
        const found = dirs.map((d) => resolve(d, rel)).find((p) => opts.host.fileExists(p));
        if (found && !out.includes(found) && out.length < MAX_HEADERS) out.push(found);
        const kernel =
          opts.root && !m[1].startsWith('uapi/') ? resolve(opts.root, 'include', rel) : undefined;
        if (kernel && !seenKernel.has(kernel)) {
          seenKernel.add(kernel);
          const inner = opts.host.readFile(kernel);
          if (inner) next.push(inner);
        }
      }
    }
    level = next;
  }
  return out;
}

/** struct/union tag -> the UAPI header of a kernel tree defining it, built once per tree (a text scan). */
const treeIndexes = new Map<string, Map<string, string>>();

function treeIndex(root: string): Map<string, string> {
  let index = treeIndexes.get(root);
  if (index) return index;
  index = new Map();
  const walk = (dir: string, depth: number): void => {
    const names = (listDir(nodeFileHost, dir) ?? []).map((e) => e.name);
    for (const name of names) {
      const full = join(dir, name);
      if (name.endsWith('.h')) {
        let text = '';
        try {
          text = nodeFileHost.readFile(full) ?? '';
        } catch {
          continue;
        }
        for (const m of text.matchAll(/^(?:struct|union)\s+(\w+)\s*\{/gm))
          if (!index.has(m[1])) index.set(m[1], full);
      } else if (depth < 4 && !name.includes('.')) walk(full, depth + 1);
    }
  };
  walk(join(root, 'include/uapi'), 0);
  treeIndexes.set(root, index);
  return index;
}

export class UapiLayouts {
  private models?: HeaderModel[];
  /** Models of single tree headers found through the tree index, by file. */
  private readonly extra = new Map<string, HeaderModel[]>();

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
    const find = (models: HeaderModel[]): { abi: string; layout: RecordLayout }[] =>
      models.flatMap((m) => {
        const layout = m.record(`struct ${tag}`) ?? m.record(`union ${tag}`);
        return layout ? [{ abi: m.abi.name, layout }] : [];
      });
    const direct = find(this.build());
    if (direct.length || !this.opts.root) return direct;
    // Not among the headers the file includes (it came through a quoted or kernel header): the tree's UAPI header that defines it.
    const file = treeIndex(this.opts.root).get(tag);
    if (!file) return [];
    let models = this.extra.get(file);
    if (!models) {
      const abis = this.opts.abis ?? [...ABIS];
      models = abis.map((abi) =>
        buildHeaderModelSync({
          files: [file],
          abi,
          includeDirs: this.opts.includeDirs,
          host: this.opts.host,
        }),
      );
      this.extra.set(file, models);
    }
    return find(models);
  }

  define(name: string): DefineValue | undefined {
    return this.build()[0]?.defines.get(name);
  }
}
