#!/usr/bin/env bash
# One-command setup for a fresh clone: Debian packages (cross compilers used as
# layout oracles), pinned npm dependencies, the bundles; then the main job:
# the multi-ABI layout of a vfio struct from the installed headers.
set -euo pipefail
cd "$(dirname "$0")/.."

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
    echo "setup: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

npm ci --no-audit --no-fund
npm run build

# The s390x test guest for test/guest (Linux 7.3 under QEMU, a zPCI function on vfio-pci):
# cached under ~/.cache/kpw/guest; cold about 10-16 minutes (kernel build), warm seconds.
if ! bash scripts/guest/build.sh all; then
  [ "${CI:-}" = true ] && exit 1
  echo "setup: the s390x test guest was not built; test/guest will be skipped, saying why" >&2
fi

if [ "${KPW_SETUP_NO_DEMO:-}" = "" ]; then
  echo
  echo "== kpw layout --abi all /usr/include/linux/vfio.h -- vfio_iommu_type1_info_cap_migration"
  ./bin/kpw layout --abi all /usr/include/linux/vfio.h -- vfio_iommu_type1_info_cap_migration
fi
