#!/usr/bin/env bash
# Fetches the Debian packages the s390x test guest is made of (kernel source,
# QEMU 10 from bookworm-backports, static busybox, dropbear with its s390x
# libraries, the Debian 6.12 kernel for the "feature absent" variant) through a
# private APT_CONFIG and unpacks them under the kpw cache. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=apt-private.sh
source "$here/apt-private.sh"
source "$here/versions.sh"

debs="$APT_ROOT/debs"
stamp="$KPW_GUEST_CACHE/fetch-$FETCH_KEY.done"
if [ -f "$stamp" ]; then
  echo "fetch: cached ($stamp)"
  exit 0
fi

# Debian's mirrors are now and then mid-sync: retry the update and each download a few times.
echo "fetch: apt-get update (private lists under $APT_ROOT)"
for attempt in 1 2 3; do
  if apt-get -q update >"$APT_ROOT/update.log" 2>&1 && ! grep -qE '^(E:|W: Failed)' "$APT_ROOT/update.log"; then break; fi
  grep -E '^(E|W: Failed)' "$APT_ROOT/update.log" >&2 || true
  [ "$attempt" = 3 ] || { echo "fetch: apt-get update had errors; retrying in 15 s" >&2; sleep 15; }
done

cd "$debs"
for spec in "${GUEST_DEBS[@]}"; do
  name="${spec%%=*}"; name="${name%%:*}"
  arch=""; case "$spec" in *:s390x*) arch=s390x ;; *:amd64*) arch=amd64 ;; esac
  if ls "${name}"_*"${arch:+_$arch}".deb >/dev/null 2>&1 || { [ -z "$arch" ] && ls "${name}"_*.deb >/dev/null 2>&1; }; then continue; fi
  echo "fetch: apt-get download $spec"
  for attempt in 1 2 3; do
    apt-get -q download "$spec" && break
    [ "$attempt" = 3 ] && { echo "fetch: could not download $spec from deb.debian.org" >&2; exit 1; }
    echo "fetch: download of $spec failed; retrying in 15 s" >&2
    sleep 15
  done
done

unpack() { # unpack DEB-GLOB DIR
  local deb dir="$2"
  mkdir -p "$dir"
  for deb in $1; do dpkg-deb -x "$deb" "$dir"; done
}
root="$KPW_GUEST_CACHE/pkgs"
rm -rf "$root"
unpack "qemu-system-s390x_*.deb qemu-system-data_*.deb" "$root/qemu"
# QEMU finds its libraries through LD_LIBRARY_PATH (see src/core/runner/guest).
unpack "libcapstone4_*_amd64.deb libpmem1_*_amd64.deb libndctl6_*_amd64.deb libdaxctl1_*_amd64.deb librdmacm1_*_amd64.deb libibverbs1_*_amd64.deb libslirp0_*_amd64.deb libvdeplug2_*_amd64.deb libfuse3-3_*_amd64.deb libaio1_*_amd64.deb liburing2_*_amd64.deb libnl-3-200_*_amd64.deb libnl-route-3-200_*_amd64.deb" "$root/qemu"
unpack "busybox-static_*_s390x.deb" "$root/busybox"
unpack "dropbear-bin_*_s390x.deb libtomcrypt1_*_s390x.deb libtommath1_*_s390x.deb zlib1g_*_s390x.deb libcrypt1_*_s390x.deb libgmp10_*_s390x.deb openssh-sftp-server_*_s390x.deb" "$root/dropbear"
unpack "linux-image-*_s390x.deb" "$root/absent-kernel"
unpack "linux-source-*_all.deb" "$root/linux-source"
touch "$stamp"
echo "fetch: done"
