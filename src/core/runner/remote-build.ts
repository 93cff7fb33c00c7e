// build 'remote': the probe's source, the header and the prelude go to the
// target's temp dir and its own gcc compiles them there (for targets whose
// libc or architecture the local cross compiler does not match).

import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { V13_HEADER, V73_HEADER } from '../sim/headers';
import type { SimUapi } from '../sim/uapi';
import { PRELUDE, probeSourcePath } from './build';
import { scp, ssh, transportProblem } from './ssh';
import type { TargetConfig, TargetProblem } from './types';
import { shellQuote } from './validate';
import { REMOTE_BUILD_TIMEOUT_MS, REMOTE_COPY_TIMEOUT_MS } from '../limits';

/** Copies source, header (as kpw-vfio.h) and prelude into `outDir`; returns the files to send. */
export function stageSources(uapi: SimUapi, outDir: string, header?: string, source?: string): string[] {
  const files = [join(outDir, 'kpw-probe.c'), join(outDir, 'kpw-vfio.h'), join(outDir, 'kpw-prelude.h')];
  copyFileSync(source ?? probeSourcePath(), files[0]);
  if (header) copyFileSync(header, files[1]);
  else writeFileSync(files[1], uapi.generation === 'v13' ? V13_HEADER : V73_HEADER);
  writeFileSync(files[2], PRELUDE);
  return files;
}

export function remoteBuildCommand(remote: string, uapi: SimUapi): string {
  const define = uapi.generation === 'v13' ? '-DKPW_UAPI_V13' : '-DKPW_UAPI_V73';
  return `cd ${shellQuote(remote)} && gcc -O2 -include kpw-prelude.h -include kpw-vfio.h ${define} -o kpw-probe kpw-probe.c`;
}

/** Sends the sources and compiles them on the target; a problem when anything fails. */
export async function buildOnTarget(
  config: TargetConfig,
  uapi: SimUapi,
  remote: string,
  outDir: string,
  header: string | undefined,
  signal: AbortSignal | undefined,
  log: (l: string) => void,
): Promise<TargetProblem | undefined> {
  const sent = await scp(config, stageSources(uapi, outDir, header), `${remote}/`, {
    signal,
    timeoutMs: REMOTE_COPY_TIMEOUT_MS,
  });
  const sendProblem = transportProblem(sent, 'copying the probe source', config.destination);
  if (sendProblem) return sendProblem;
  if (sent.code)
    return { kind: 'transport', message: `copying the probe source failed: ${sent.stderr.trim()}` };
  const command = remoteBuildCommand(remote, uapi);
  log(`building on ${config.destination}: ${command}`);
  const built = await ssh(config, command, {
    signal,
    timeoutMs: REMOTE_BUILD_TIMEOUT_MS,
    onStderrLine: (l) => log(`gcc: ${l}`),
  });
  const problem = transportProblem(built, 'building the probe on the target', config.destination);
  if (problem) return problem;
  if (built.code === 127)
    return {
      kind: 'compiler',
      message: `the target ${config.destination} has no gcc: install it there, or build locally`,
    };
  if (built.code !== 0) {
    const first =
      built.stderr.split('\n').find((l) => /error/.test(l)) ?? built.stderr.trim().split('\n')[0] ?? '';
    return {
      kind: 'compiler',
      message: `building the probe on ${config.destination} failed (gcc exit ${built.code}): ${first}`,
    };
  }
  return undefined;
}
