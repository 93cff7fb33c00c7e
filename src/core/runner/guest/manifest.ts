// The build manifest scripts/guest/build.sh writes for each variant: which
// kernel, initramfs, QEMU and keys make up the guest. Read and checked here;
// a missing or malformed manifest is a clear message, never an exception.

import { existsSync, readFileSync } from 'node:fs';
import type { GuestVariant } from './paths';

export interface GuestManifest {
  variant: GuestVariant;
  kernel: string;
  initrd: string;
  qemu: string;
  /** Directories QEMU's libraries were unpacked to (LD_LIBRARY_PATH). */
  qemuLibDirs: string[];
  /** Where s390-ccw.img is (QEMU -L). */
  firmwareDir: string;
  clientKey: string;
  hostKeyPublic: string;
  kernelRelease: string;
}

const STRING_KEYS = [
  'kernel',
  'initrd',
  'qemu',
  'firmwareDir',
  'clientKey',
  'hostKeyPublic',
  'kernelRelease',
] as const;

export type ManifestResult = { ok: true; manifest: GuestManifest } | { ok: false; error: string };

export function parseManifest(text: string, file: string, variant: GuestVariant): ManifestResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `${file}: not valid JSON: ${(err as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: `${file}: not an object` };
  const o = raw as Record<string, unknown>;
  for (const k of STRING_KEYS)
    if (typeof o[k] !== 'string' || !o[k])
      return { ok: false, error: `${file}: '${k}' is missing or not a string` };
  if (o.variant !== variant)
    return { ok: false, error: `${file}: built for variant ${JSON.stringify(o.variant)}, not ${variant}` };
  if (!Array.isArray(o.qemuLibDirs) || o.qemuLibDirs.some((d) => typeof d !== 'string'))
    return { ok: false, error: `${file}: 'qemuLibDirs' is not a list of paths` };
  return {
    ok: true,
    manifest: {
      variant,
      qemuLibDirs: o.qemuLibDirs as string[],
      ...(Object.fromEntries(STRING_KEYS.map((k) => [k, o[k]])) as Record<
        (typeof STRING_KEYS)[number],
        string
      >),
    },
  };
}

export function readManifest(file: string, variant: GuestVariant): ManifestResult {
  if (!existsSync(file))
    return {
      ok: false,
      error: `no guest build for variant ${variant} (${file} is missing): run bash scripts/guest/build.sh ${variant}`,
    };
  const parsed = parseManifest(readFileSync(file, 'utf8'), file, variant);
  if (!parsed.ok) return parsed;
  const m = parsed.manifest;
  const missing = [m.kernel, m.initrd, m.qemu, m.clientKey].find((p) => !existsSync(p));
  if (missing)
    return {
      ok: false,
      error: `${file} names ${missing}, which is gone: run bash scripts/guest/build.sh ${variant} again`,
    };
  return parsed;
}
