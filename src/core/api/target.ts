// The door to what starts programs: the target runner (ssh, the probe build, the
// test guest) and git (a ref as a patch base or a compatibility baseline). Only
// the CLI and the VS Code client enter here. Kept apart from ./index.ts so the
// language server, which must never start programs, does not bundle it
// (test/security/workspace-trust.test.ts checks its bundle's inputs).

export * from '../runner/index';
export {
  GUEST_DEVICE,
  guestDown,
  guestPaths,
  guestStatus,
  guestUp,
  isGuestVariant,
  readManifest,
  type GuestState,
  type GuestVariant,
} from '../runner/guest/index';
export { resolveGitBase } from '../patch/git-base';
export { checkRef, gitTopLevel, GitRefError, GitRefHost } from '../compat/git-ref-host';
