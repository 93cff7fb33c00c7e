#!/usr/bin/env bash
# One-command setup for a fresh clone: Debian packages (cross compilers used as
# layout oracles, sshd, QEMU user mode, the guest kernel's build tools), pinned
# npm dependencies, the bundles, the e2e tools (code-server, chromium) and the
# s390x test guest; then a first taste: one vfio struct's layout on every ABI.
# `setup.sh --if-needed` (what `npm start` runs first) returns at once when the last setup
# finished with the same lockfiles and package lists.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/progress.sh

stamp=node_modules/.kpw-setup
inputs_hash() {
  cat package-lock.json scripts/system-packages.txt test/e2e/tools/package-lock.json scripts/guest/versions.sh scripts/b4-setup.sh scripts/compat/fetch-headers.sh | sha256sum | cut -c1-16
}
if [ "${1:-}" = --if-needed ]; then
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(inputs_hash)" ] && [ -f dist/extension.js ]; then exit 0; fi
  export KPW_SETUP_NO_DEMO=1
fi
setup_started=$(date +%s)
echo "setup: setting this machine up for kpw (cold: $KPW_SETUP_ESTIMATE, most of it the s390x guest kernel; warm: seconds)."
echo "setup: each step's output goes to a log under $KPW_LOG_DIR"

mapfile -t packages < <(grep -vE '^\s*(#|$)' scripts/system-packages.txt)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
  if [ "$sudo" = none ]; then
    echo "setup: cannot install Debian packages without root: ${missing[*]}" >&2
    echo "setup: the oracle tests that need them will be skipped, each saying which package is missing." >&2
  else
    echo "setup: Debian packages to install: ${missing[*]}"
    step "setup: apt-get update" "$KPW_LOG_DIR/apt-update.log" $sudo apt-get update
    step "setup: installing ${#missing[@]} Debian packages" "$KPW_LOG_DIR/apt-install.log" \
      $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  fi
fi

# A node_modules that is a link into another checkout (git worktrees share one) is that
# checkout's: npm ci would empty it under everyone using it.
if [ -L node_modules ]; then
  echo "setup: node_modules links to $(readlink -f node_modules): left as it is (run npm ci there)"
else
  step "setup: npm ci (the extension's pinned dependencies)" "$KPW_LOG_DIR/npm-ci.log" npm ci --no-audit --no-fund
fi
step "setup: building the bundles (dist/)" "$KPW_LOG_DIR/build.log" npm run build

# The real VS Code for the e2e tests and `npm start`: Debian's chromium, and the pinned
# code-server (with its Node 24), playwright-core and vsce in ~/.cache/kpw/e2e-tools.
bash scripts/e2e-setup.sh

# The real b4 (Debian trixie's 0.14.2, with the am/prep check hooks) for test/b4, through the
# private apt configuration of the guest build, unpacked under ~/.cache/kpw/b4.
if ! bash scripts/b4-setup.sh; then
  [ "${CI:-}" = true ] && exit 1
  echo "setup: b4 was not fetched; test/b4/b4-real.test.ts will be skipped, saying why" >&2
fi

# Newer UAPI headers (linux-libc-dev 7.x) for the abidiff compatibility oracle
# (test/differential/abidiff-oracle.test.ts) and the bench, the same private way, under ~/.cache/kpw/compat.
if ! step "setup: newer UAPI headers for the compatibility oracle" "$KPW_LOG_DIR/compat-headers.log" bash scripts/compat/fetch-headers.sh; then
  [ "${CI:-}" = true ] && exit 1
  echo "setup: the newer UAPI headers were not fetched; the abidiff oracle will be skipped, saying why" >&2
fi

# The s390x test guest for test/guest (Linux 7.3 under QEMU, a zPCI function on vfio-pci):
# cached under ~/.cache/kpw/guest; the kernel build is most of the cold setup time, warm seconds.
if ! bash scripts/guest/build.sh all; then
  [ "${CI:-}" = true ] && exit 1
  echo "setup: the s390x test guest was not built; test/guest will be skipped, saying why" >&2
fi

inputs_hash >"$stamp"
echo "setup: done in $(kpw_elapsed $(($(date +%s) - setup_started)))"

if [ "${KPW_SETUP_NO_DEMO:-}" = "" ]; then
  echo
  echo "== kpw layout --abi all /usr/include/linux/vfio.h -- vfio_iommu_type1_info_cap_migration"
  ./bin/kpw layout --abi all /usr/include/linux/vfio.h -- vfio_iommu_type1_info_cap_migration
fi
