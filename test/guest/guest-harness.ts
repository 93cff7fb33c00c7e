// Shared helpers of the guest suite: whether the s390x test guest can run
// here (and why not), starting it or reusing a running one, and stopping only
// what this run started. Under CI=true a missing prerequisite is a failure.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadUapi, type SimUapi } from '../../src/core/sim/index';
import { buildProbeLocally } from '../../src/core/runner/index';
import {
  guestDown,
  guestPaths,
  guestStatus,
  guestUp,
  type GuestState,
  type GuestVariant,
} from '../../src/core/runner/guest/index';

export const CI = process.env.CI === 'true';

/** Why the guest cannot run here, or undefined. */
export function missingPrerequisite(variant: GuestVariant): string | undefined {
  for (const tool of ['ssh', 'scp', 's390x-linux-gnu-gcc']) {
    if (spawnSync(tool, ['-V'], { stdio: 'ignore' }).error)
      return `${tool} is not installed (Debian: openssh-client gcc-s390x-linux-gnu)`;
  }
  const manifest = guestPaths(variant).manifest;
  if (!existsSync(manifest))
    return `the s390x test guest (${variant}) is not built: run bash scripts/guest/build.sh (about 5-15 minutes the first time; ${manifest} is missing)`;
  return undefined;
}

export interface Guest {
  state: GuestState;
  startedHere: boolean;
}

/** Starts the variant's guest (or takes the running one); throws with the reason when it cannot. */
export async function bootGuest(variant: GuestVariant): Promise<Guest> {
  const before = await guestStatus(variant);
  const up = await guestUp({ variant, build: CI, timeoutMs: 300_000 });
  if (!up.ok) throw new Error(`the ${variant} guest did not start: ${up.error}`);
  return { state: up.state, startedHere: !before.running };
}

export async function stopIfStartedHere(variant: GuestVariant, guest: Guest | undefined): Promise<void> {
  if (guest?.startedHere) await guestDown(variant);
}

/** The v7.3 uAPI and one probe binary built against it, shared by every scenario. */
export async function v73Probe(): Promise<{ uapi: SimUapi; binary: string }> {
  const uapi = await loadUapi({ override: 'v7.3' });
  if (!uapi.ok) throw new Error(uapi.error);
  const built = await buildProbeLocally({
    uapi: uapi.uapi,
    outDir: mkdtempSync(join(tmpdir(), 'kpw-guest-probe-')),
  });
  if (!built.ok) throw new Error(built.problem.message);
  return { uapi: uapi.uapi, binary: built.binary };
}
