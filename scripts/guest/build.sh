#!/usr/bin/env bash
# Builds (or finds cached) everything the s390x test guest needs and writes
# the manifest kpw target up reads: bash scripts/guest/build.sh [7.3|absent|all]
# Idempotent: every piece is cached under ${XDG_CACHE_HOME:-~/.cache}/kpw/guest
# by version and content hash; prints how long it took (cold or warm).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export KPW_GUEST_CACHE="${KPW_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/guest}"
want="${1:-all}"
case "$want" in 7.3|absent) variants=("$want") ;; all) variants=(7.3 absent) ;; *) echo "usage: build.sh [7.3|absent|all]" >&2; exit 2 ;; esac

for tool in apt-get dpkg-deb s390x-linux-gnu-gcc qemu-s390x-static ssh-keygen gcc make flex bison bc xz gzip; do
  command -v "$tool" >/dev/null || { echo "build.sh: $tool is missing (Debian: see scripts/system-packages.txt)" >&2; exit 3; }
done

start=$(date +%s)
mkdir -p "$KPW_GUEST_CACHE/logs"
source "$here/../lib/progress.sh"
source "$here/versions.sh"
step "guest: fetching the guest's Debian packages (kernel source, QEMU, busybox, dropbear)" \
  "$KPW_GUEST_CACHE/logs/fetch.log" bash "$here/fetch.sh"
# The kernel build's progress: objects compiled so far against a full build's count (measured).
kernel_progress() {
  local n
  n=$(find "$KPW_GUEST_CACHE"/kbuild-* -name '*.o' 2>/dev/null | wc -l)
  echo "$n of about $KERNEL_OBJECTS objects compiled"
}
pkgs="$KPW_GUEST_CACHE/pkgs"
qemu="$pkgs/qemu/usr/bin/qemu-system-s390x"
for v in "${variants[@]}"; do
  if [ "$v" = 7.3 ]; then
    t0=$(date +%s)
    if ! kernel="$(bash "$here/build-kernel.sh" --cached 2>/dev/null)"; then
      KPW_STEP_PROGRESS=kernel_progress step "guest: building the Linux 7.3 s390x kernel (most of the cold setup)" \
        "$KPW_GUEST_CACHE/logs/kernel-build.log" bash "$here/build-kernel.sh"
      kernel="$(bash "$here/build-kernel.sh" --cached)"
    fi
    echo "build.sh: kernel 7.3 ready in $(( $(date +%s) - t0 )) s: $kernel"
    release="7.3.4"
  else
    kernel="$(ls "$pkgs"/absent-kernel/boot/vmlinuz-* | head -1)"
    release="$(basename "$kernel" | sed 's/^vmlinuz-//')"
  fi
  step "guest: initramfs for $v" "$KPW_GUEST_CACHE/logs/initramfs-$v.log" bash "$here/build-initramfs.sh" "$v"
  initrd="$(tail -n 1 "$KPW_GUEST_CACHE/logs/initramfs-$v.log")"
  cat >"$KPW_GUEST_CACHE/manifest-$v.json.tmp" <<JSON
{
  "variant": "$v",
  "kernel": "$kernel",
  "initrd": "$initrd",
  "qemu": "$qemu",
  "qemuLibDirs": ["$pkgs/qemu/usr/lib/x86_64-linux-gnu", "$pkgs/qemu/lib/x86_64-linux-gnu"],
  "firmwareDir": "$pkgs/qemu/usr/share/qemu",
  "clientKey": "$KPW_GUEST_CACHE/keys/client_ed25519",
  "hostKeyPublic": "$KPW_GUEST_CACHE/keys/host_ed25519.pub",
  "kernelRelease": "$release"
}
JSON
  mv "$KPW_GUEST_CACHE/manifest-$v.json.tmp" "$KPW_GUEST_CACHE/manifest-$v.json"
  echo "build.sh: guest $v ready ($KPW_GUEST_CACHE/manifest-$v.json)"
done
echo "build.sh: done in $(( $(date +%s) - start )) s (cache $KPW_GUEST_CACHE)"
