// Compares two header trees (`kpw abi-diff OLD NEW`): every header under OLD is
// modelled on each ABI against the header at the same relative path under NEW,
// as scripts/check-uapi.sh does per header, with the compat-* checks only.
// A header OLD has and NEW lacks is itself a compat-removed finding.

import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { checkFiles } from '../checks/run';
import { COMPAT_CODES } from '../checks/compat-registry';
import { nodeFileHost } from '../host/node-file-host';
import { walkTree } from '../host/walk';
import { ZERO_RANGE } from '../text/position';
import { pushAll } from '../text/push-all';

export interface TreeDiffOptions {
  oldRoot: string;
  newRoot: string;
  abis?: string[];
  /** Relative header paths to compare (all headers under OLD by default). */
  headers?: string[];
  /** Also report the compatible extensions (compat-extension). */
  extensions?: boolean;
  signal?: AbortSignal;
}

export interface TreeDiff {
  /** Relative paths compared, in order. */
  headers: string[];
  findings: Diagnostic[];
}

/** Headers below root, as sorted relative paths (read through the host: links never lead out of root). */
export function headersUnder(root: string): string[] {
  const walk = walkTree(nodeFileHost, resolve(root), (name) => name.endsWith('.h'));
  return walk.files.map((f) => relative(resolve(root), f)).sort();
}

export async function diffTrees(opts: TreeDiffOptions): Promise<TreeDiff> {
  const oldRoot = resolve(opts.oldRoot);
  const newRoot = resolve(opts.newRoot);
  const headers = opts.headers ?? headersUnder(oldRoot);
  const pairs = headers.map((rel) => ({
    label: rel,
    oldFile: join(oldRoot, rel),
    newFile: join(newRoot, rel),
  }));
  return { headers, findings: await diffHeaderPairs(pairs, opts) };
}

export interface HeaderPair {
  /** How messages name the header (its relative path). */
  label: string;
  oldFile: string;
  newFile: string;
}

/** The compat-* findings of each (old, new) header pair, in order. */
export async function diffHeaderPairs(
  pairs: readonly HeaderPair[],
  opts: Pick<TreeDiffOptions, 'abis' | 'extensions' | 'signal'> = {},
): Promise<Diagnostic[]> {
  const codes = COMPAT_CODES.filter((c) => opts.extensions || c !== 'compat-extension');
  const findings: Diagnostic[] = [];
  for (const { label, oldFile, newFile } of pairs) {
    if (opts.signal?.aborted) break;
    if (!nodeFileHost.fileExists(newFile)) {
      findings.push({
        code: 'compat-removed',
        severity: 'warning',
        file: oldFile,
        range: ZERO_RANGE,
        message: `${label}: header removed`,
      });
      continue;
    }
    const found = await checkFiles({
      files: [newFile],
      abis: opts.abis,
      forceUapi: true,
      before: { host: nodeFileHost, files: [oldFile] },
      only: codes,
      signal: opts.signal,
    });
    // Model errors (a header that does not preprocess) stay visible: they hide findings.
    pushAll(
      findings,
      found.filter((d) => codes.includes(d.code) || d.severity === 'error'),
    );
  }
  return findings;
}
