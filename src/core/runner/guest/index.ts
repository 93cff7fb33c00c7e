// The s390x test guest's public surface: cache layout, the build manifest,
// QEMU's command line, the ssh config, and up/down/status.

export {
  GUEST_DEVICE,
  GUEST_VARIANTS,
  guestAlias,
  guestCacheDir,
  guestPaths,
  isGuestVariant,
  type GuestPaths,
  type GuestVariant,
} from './paths';
export { parseManifest, readManifest, type GuestManifest, type ManifestResult } from './manifest';
export { qemuArgs, qemuEnv, type QemuSpec } from './qemu-args';
export { knownHostsLine, renderSshConfig, type SshConfigSpec } from './ssh-config';
export { isOurQemu, parseState, readState, type GuestState } from './state';
export { buildScript, guestDown, guestStatus, guestUp, type UpOptions, type UpResult } from './lifecycle';
