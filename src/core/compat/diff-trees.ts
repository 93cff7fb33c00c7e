// Compares two header trees (`kpw abi-diff OLD NEW`): every header under OLD is
// modelled on each ABI against the header at the same relative path under NEW,
// as scripts/check-uapi.sh does per header, with the compat-* checks only.
// A header OLD has and NEW lacks is itself a compat-removed finding.

import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic';
import { checkFiles } from '../checks/run';
import { COMPAT_CODES } from '../checks/compat-registry';
import { nodeFileHost } from '../preprocess/node-file-host';
import { ZERO_RANGE } from '../text/position';

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

/** Headers below root, as sorted relative paths (symlinked directories are not followed). */
export function headersUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 32) return;
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const st = statSync(full, { throwIfNoEntry: false });
      if (st?.isDirectory()) walk(full, depth + 1);
      else if (st?.isFile() && name.endsWith('.h')) out.push(relative(root, full));
    }
  };
  walk(resolve(root), 0);
  return out;
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
    findings.push(...found.filter((d) => codes.includes(d.code) || d.severity === 'error'));
  }
  return findings;
}
