// The before models of a header at a git ref, for the editor's compatibility
// findings (and anything else comparing the working tree with a ref): built
// once per (file, ref's commit, ABIs) and reused while the ref does not move.

import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import type { AbiSpec } from '../abi/types';
import { buildHeaderModelSync, type HeaderModel } from '../model/header-model';
import { gitTopLevel, GitRefHost } from './git-ref-host';

/** How long a ref's commit is trusted before asking git again (a commit or checkout moves it). */
const REF_TTL_MS = 2000;
const MAX_ENTRIES = 32;

interface Entry {
  key: string;
  models: HeaderModel[];
}

export class RefBaselines {
  private readonly entries: Entry[] = [];
  private readonly commits = new Map<string, { commit?: string; at: number }>();

  private readonly roots = new Map<string, string | undefined>();

  /** The models of `file` at `ref`, one per ABI; undefined outside git or when the ref lacks the file. */
  get(
    file: string,
    ref: string,
    abis: readonly AbiSpec[],
    includeDirs: string[] = [],
  ): HeaderModel[] | undefined {
    const path = resolve(file);
    const dir = dirname(path);
    if (!this.roots.has(dir)) this.roots.set(dir, gitTopLevel(path));
    const root = this.roots.get(dir);
    if (!root || !/^[\w./~^@{}-]+$/.test(ref) || ref.startsWith('-')) return undefined;
    const commit = this.commitOf(root, ref);
    if (!commit) return undefined;
    const key = JSON.stringify([path, commit, abis.map((a) => a.name), includeDirs]);
    let entry = this.entries.find((e) => e.key === key);
    if (!entry) {
      const host = new GitRefHost(root, commit);
      if (!host.fileExists(path)) return undefined;
      entry = {
        key,
        models: abis.map((abi) => buildHeaderModelSync({ files: [path], abi, host, includeDirs })),
      };
      this.entries.unshift(entry);
      this.entries.length = Math.min(this.entries.length, MAX_ENTRIES);
    }
    return entry.models;
  }

  private commitOf(root: string, ref: string): string | undefined {
    const key = `${root}\0${ref}`;
    const known = this.commits.get(key);
    if (known && Date.now() - known.at < REF_TTL_MS) return known.commit;
    let commit: string | undefined;
    try {
      commit = execFileSync('git', ['-C', root, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
      }).trim();
    } catch {
      commit = undefined;
    }
    this.commits.set(key, { commit, at: Date.now() });
    return commit;
  }
}
