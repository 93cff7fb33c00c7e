// Builds the probe locally with Debian's s390x cross compiler, statically
// linked, against the workspace's own vfio.h (or the simulator's built-in
// header of the scenario's generation when no header is named).

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { V13_HEADER, V73_HEADER } from '../sim/headers';
import type { SimUapi } from '../sim/uapi';
import { runProgram } from './spawn';
import type { TargetProblem } from './types';

export const DEFAULT_COMPILER = 's390x-linux-gnu-gcc';

/** Included before the workspace header: annotations newer UAPI headers use that an
 *  older cross sysroot (Debian bookworm: 6.1) does not define yet. */
export const PRELUDE = `#include <linux/stddef.h>
#ifndef __counted_by
#define __counted_by(m)
#endif
#ifndef __counted_by_le
#define __counted_by_le(m)
#endif
#ifndef __counted_by_be
#define __counted_by_be(m)
#endif
`;

/** Where the probe's C source lives next to this module (the bundle copies it the same way). */
export function probeSourcePath(): string {
  return join(__dirname, 'probe', 'kpw-probe.c');
}

export interface BuildOptions {
  uapi: SimUapi;
  /** The user's header; the built-in one of uapi.generation when absent. */
  header?: string;
  includeDirs?: string[];
  compiler?: string;
  /** A private directory for the header copy and the binary. */
  outDir: string;
  source?: string;
  signal?: AbortSignal;
}

export type BuildResult =
  { ok: true; binary: string; args: string[] } | { ok: false; problem: TargetProblem };

/** The compiler's arguments; -D tells the probe which uAPI form the header has (checked by the core). */
export function compilerArgs(
  options: BuildOptions,
  header: string,
  binary: string,
  prelude: string,
): string[] {
  const define = options.uapi.generation === 'v13' ? '-DKPW_UAPI_V13' : '-DKPW_UAPI_V73';
  const includes = (options.includeDirs ?? []).flatMap((d) => ['-I', d]);
  return [
    '-static',
    '-O2',
    '-include',
    prelude,
    '-include',
    header,
    ...includes,
    '-I',
    dirname(header),
    define,
    '-o',
    binary,
    options.source ?? probeSourcePath(),
  ];
}

export async function buildProbeLocally(options: BuildOptions): Promise<BuildResult> {
  let header = options.header;
  if (!header) {
    header = join(options.outDir, 'kpw-vfio.h');
    writeFileSync(header, options.uapi.generation === 'v13' ? V13_HEADER : V73_HEADER);
  }
  const binary = join(options.outDir, 'kpw-probe');
  const compiler = options.compiler ?? DEFAULT_COMPILER;
  const prelude = join(options.outDir, 'kpw-prelude.h');
  writeFileSync(prelude, PRELUDE);
  const args = compilerArgs(options, header, binary, prelude);
  const out = await runProgram(compiler, args, { signal: options.signal, timeoutMs: 120_000 });
  if (out.spawnError)
    return {
      ok: false,
      problem: {
        kind: 'compiler',
        message: `cannot build the probe: ${out.spawnError} (Debian: apt-get install gcc-s390x-linux-gnu)`,
      },
    };
  if (out.aborted)
    return { ok: false, problem: { kind: 'cancelled', message: 'building the probe: cancelled' } };
  if (out.code !== 0) {
    const first =
      out.stderr.split('\n').find((l) => /error/.test(l)) ?? out.stderr.trim().split('\n')[0] ?? '';
    return {
      ok: false,
      problem: {
        kind: 'compiler',
        message: `building the probe against ${header} failed (${compiler} exit ${out.code ?? out.signal}): ${first}`,
      },
    };
  }
  return { ok: true, binary, args };
}
