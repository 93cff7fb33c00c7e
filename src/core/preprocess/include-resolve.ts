// Finding the file an #include names: the including file's directory for
// "quoted" names, then the include directories in order (from the one after
// the current file's for #include_next), then the options' fallback.
// Answers are memoized per preprocess run; files are probed once.

import * as path from 'node:path';
import type { PreprocessOptions } from './types';
import type { FileHost } from '../host/types';

export interface Resolution {
  path: string;
  /** Index into includeDirs where it was found; -1 relative to the includer or absolute; -2 fallback. */
  dirIndex: number;
  /** Text of an in-memory fallback file. */
  text?: string;
}

export interface ResolveRequest {
  spelled: string;
  angled: boolean;
  fromFile: string;
  /** For #include_next: search starts after this include-directory index. */
  nextAfter?: number;
}

export class IncludeResolver {
  private readonly memo = new Map<string, Resolution | null>();
  private readonly exists = new Map<string, boolean>();

  constructor(
    private readonly host: FileHost,
    private readonly options: Pick<PreprocessOptions, 'includeDirs' | 'fallbackInclude'>,
    private readonly onError: (message: string) => void,
  ) {}

  resolve(req: ResolveRequest): Resolution | null {
    const quotedDir = req.angled || req.nextAfter !== undefined ? '' : dirOf(req.fromFile);
    const key = `${req.angled ? '<' : '"'}${req.spelled}\0${quotedDir}\0${req.nextAfter ?? ''}`;
    let r = this.memo.get(key);
    if (r === undefined) {
      r = this.search(req, quotedDir);
      this.memo.set(key, r);
    }
    return r;
  }

  private search(req: ResolveRequest, quotedDir: string): Resolution | null {
    const { spelled } = req;
    if (spelled === '') return null;
    if (path.isAbsolute(spelled))
      return this.fileExists(spelled) ? { path: path.normalize(spelled), dirIndex: -1 } : null;
    if (quotedDir) {
      const p = path.join(quotedDir, spelled);
      if (this.fileExists(p)) return { path: p, dirIndex: -1 };
    }
    const dirs = this.options.includeDirs;
    for (let k = req.nextAfter === undefined ? 0 : req.nextAfter + 1; k < dirs.length; k++) {
      const p = path.join(dirs[k], spelled);
      if (this.fileExists(p)) return { path: p, dirIndex: k };
    }
    const fb = this.fallback(spelled, req.angled);
    return fb ? { path: fb.path, dirIndex: -2, text: fb.text } : null;
  }

  private fallback(spelled: string, angled: boolean): { path: string; text: string } | undefined {
    if (!this.options.fallbackInclude) return undefined;
    try {
      return this.options.fallbackInclude(spelled, angled);
    } catch (e) {
      this.onError(`fallbackInclude failed for '${spelled}': ${(e as Error)?.message ?? e}`);
      return undefined;
    }
  }

  fileExists(p: string): boolean {
    let v = this.exists.get(p);
    if (v === undefined) {
      try {
        v = this.host.fileExists(p);
      } catch {
        v = false;
      }
      this.exists.set(p, v);
    }
    return v;
  }
}

function dirOf(file: string): string {
  if (file.startsWith('<') && !file.includes('/')) return '';
  return path.dirname(file);
}
