// `kpw check --against REF`: the before side of the compat-* checks for a
// header on disk is the same file in git at REF (GitRefHost, `git show` with
// argument arrays). One host per repository, so a ref is verified once.

import type { BeforeFiles } from '../core/api/index';
import { checkRef, gitTopLevel, GitRefError, GitRefHost } from '../core/api/target';
import { UsageError } from './exit-codes';

export class AgainstRef {
  private readonly hosts = new Map<string, GitRefHost>();

  constructor(readonly ref: string) {}

  /** The before files of `file` at the ref; a file outside any git work tree is a usage error. */
  beforeOf(file: string): BeforeFiles {
    const root = gitTopLevel(file);
    if (!root) throw new UsageError(`--against ${this.ref}: ${file} is not in a git work tree`);
    let host = this.hosts.get(root);
    if (!host) {
      try {
        checkRef(root, this.ref);
      } catch (err) {
        if (err instanceof GitRefError) throw new UsageError(`--against: ${err.message}`);
        throw err;
      }
      this.hosts.set(root, (host = new GitRefHost(root, this.ref)));
    }
    return { host };
  }
}
