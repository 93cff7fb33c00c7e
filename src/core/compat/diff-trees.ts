// Compares two header trees (`kpw abi-diff OLD NEW`): every header under OLD is
// modelled on each ABI against the header at the same relative path under NEW,
// as scripts/check-uapi.sh does per header, with the compat-* checks only.
// A header OLD has and NEW lacks is itself a compat-removed finding.

import { join, relative, resolve, sep } from 'node:path';
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
  const findings: Diagnostic[] = [];
  let headers = opts.headers;
  if (!headers) {
    // What the walk would not follow (a link out of OLD, a FIFO) is said, as `kpw check DIR` says it.
    const walk = walkTree(nodeFileHost, oldRoot, (name) => name.endsWith('.h'));
    for (const p of walk.problems) findings.push(unreadable(p.path, p.message, 'warning'));
    headers = walk.files.map((f) => relative(oldRoot, f)).sort();
  }
  const pairs: HeaderPair[] = [];
  for (const rel of headers) {
    const pair = { label: rel, oldFile: join(oldRoot, rel), newFile: join(newRoot, rel) };
    // The header at the same path in either tree may be a link out of it: refused, never opened.
    const outside = escapes(pair.oldFile, oldRoot) ?? escapes(pair.newFile, newRoot);
    if (outside) findings.push(unreadable(outside.file, outside.message, 'error'));
    else pairs.push(pair);
  }
  pushAll(findings, await diffHeaderPairs(pairs, opts));
  return { headers, findings };
}

/** Why `file` (when it exists) leads out of `root` through a link, or undefined when it stays inside. */
function escapes(file: string, root: string): { file: string; message: string } | undefined {
  if (!nodeFileHost.fileExists(file) && nodeFileHost.stat?.(file) === undefined) return undefined;
  const real = nodeFileHost.realpath?.(file);
  const realRoot = nodeFileHost.realpath?.(root) ?? root;
  if (real === undefined) return { file, message: `${file}: a dangling link or a link loop; not read` };
  if (real === realRoot || real.startsWith(realRoot + sep)) return undefined;
  return { file, message: `${file}: resolves to ${real}, outside the tree ${root}; not read` };
}

function unreadable(file: string, message: string, severity: 'warning' | 'error'): Diagnostic {
  return { code: 'file-unreadable', severity, file, range: ZERO_RANGE, message };
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
