// The door to the target runner (ssh, the probe build, the test guest): only
// the CLI and the VS Code client enter here. Kept apart from ./index.ts so the
// language server, which must never start programs, does not bundle it
// (test/security/workspace-trust.test.ts checks its bundle's inputs).

export * from '../target/index';
export {
  GUEST_DEVICE,
  guestDown,
  guestStatus,
  guestUp,
  isGuestVariant,
  type GuestState,
  type GuestVariant,
} from '../target/guest/index';
