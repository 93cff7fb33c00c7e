// QEMU's command line for the test guest: an s390-ccw-virtio machine under
// TCG, the SCLP console into a log file, user networking with one host port
// forwarded to the guest's sshd, and the zPCI virtio-rng function behind the
// emulated s390 IOMMU (iommu_platform=on, modern only) for vfio-pci.

import type { GuestManifest } from './manifest';

export interface QemuSpec {
  manifest: GuestManifest;
  /** Host port on 127.0.0.1 forwarded to the guest's port 22. */
  port: number;
  consoleLog: string;
  /** Guest memory in MB; the zPCI DMA aperture follows it (512: 0x100000000-0x11fffffff). */
  memoryMb?: number;
}

export function qemuArgs(spec: QemuSpec): string[] {
  const m = spec.manifest;
  return [
    '-L',
    m.firmwareDir,
    '-machine',
    's390-ccw-virtio',
    '-cpu',
    'max',
    '-accel',
    'tcg',
    '-m',
    String(spec.memoryMb ?? 512),
    '-smp',
    '1',
    '-nodefaults',
    '-display',
    'none',
    '-audio',
    'none',
    '-monitor',
    'none',
    '-chardev',
    `file,id=con0,path=${spec.consoleLog}`,
    '-device',
    'sclpconsole,chardev=con0',
    '-netdev',
    `user,id=net0,hostfwd=tcp:127.0.0.1:${spec.port}-:22`,
    '-device',
    'virtio-net-ccw,netdev=net0',
    '-device',
    'zpci,uid=1,fid=1,target=rng0',
    '-device',
    'virtio-rng-pci,id=rng0,iommu_platform=on,disable-legacy=on',
    '-kernel',
    m.kernel,
    '-initrd',
    m.initrd,
    '-append',
    'console=ttysclp0 quiet',
  ];
}

/** QEMU's environment: its own libraries first (unpacked from Debian packages, never installed). */
export function qemuEnv(manifest: GuestManifest, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dirs = [...manifest.qemuLibDirs, ...(env.LD_LIBRARY_PATH ? [env.LD_LIBRARY_PATH] : [])];
  return { ...env, LD_LIBRARY_PATH: dirs.join(':') };
}
