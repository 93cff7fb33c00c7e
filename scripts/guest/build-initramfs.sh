#!/usr/bin/env bash
# Builds the test guest's initramfs: static busybox, dropbear (s390x, with its
# libraries) and sftp-server, the probe, a host key generated once per cache,
# the client key's public half, /etc/kpw-test-guest (the test-guest marker).
# Usage: build-initramfs.sh 7.3|absent ; prints the initramfs path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
KPW_GUEST_CACHE="${KPW_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/guest}"
variant="${1:-7.3}"
pkgs="$KPW_GUEST_CACHE/pkgs"
keys="$KPW_GUEST_CACHE/keys"
source "$here/versions.sh"
src="$LINUX_SRC"
# Only two files of the kernel source are needed here: gen_init_cpio.c and the uAPI vfio.h.
if [ ! -f "$src/usr/gen_init_cpio.c" ]; then
  mkdir -p "$(dirname "$src")"
  tar -C "$(dirname "$src")" -xf "$pkgs/linux-source/usr/src/linux-source-7.3.tar.xz" \
    linux-source-7.3/usr/gen_init_cpio.c linux-source-7.3/include/uapi/linux/vfio.h
fi
sysroot=/usr/s390x-linux-gnu

mkdir -p "$keys"
# Client key: the host side's identity, only ever used for this guest.
[ -f "$keys/client_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C kpw-test-guest-client -f "$keys/client_ed25519"
# Host key: dropbear's format, made by the s390x dropbearkey under user-mode emulation.
dbroot="$pkgs/dropbear"
if [ ! -f "$keys/host_ed25519" ]; then
  qemu-s390x-static -L "$sysroot" -E LD_LIBRARY_PATH="$dbroot/usr/lib/s390x-linux-gnu:$dbroot/lib/s390x-linux-gnu" \
    "$dbroot/usr/bin/dropbearkey" -t ed25519 -f "$keys/host_ed25519" >/dev/null
fi
qemu-s390x-static -L "$sysroot" -E LD_LIBRARY_PATH="$dbroot/usr/lib/s390x-linux-gnu:$dbroot/lib/s390x-linux-gnu" \
  "$dbroot/usr/bin/dropbearkey" -y -f "$keys/host_ed25519" | grep '^ssh-ed25519 ' | awk '{print $1" "$2}' >"$keys/host_ed25519.pub"

key="$( { echo "$variant"; cat "$here/rootfs/init" "$here/build-initramfs.sh" "$keys/client_ed25519.pub" "$keys/host_ed25519.pub" "$repo/src/core/runner/probe/kpw-probe.c"; ls "$pkgs"; } | sha256sum | cut -c1-12)"
out="$KPW_GUEST_CACHE/initramfs-$variant-$key.cpio.gz"
if [ -f "$out" ]; then echo "$out"; exit 0; fi

work="$(mktemp -d "$KPW_GUEST_CACHE/initramfs-work.XXXXXX")"
trap 'rm -rf "$work"' EXIT
spec="$work/spec"
root="$work/root"
mkdir -p "$root"
{
  for d in /bin /sbin /usr /usr/bin /usr/sbin /usr/lib /usr/lib/openssh /lib /lib64 /etc /etc/dropbear /dev /proc /sys /tmp /run /var /var/log /root /root/.ssh /lib/modules; do
    echo "dir $d 0755 0 0"
  done
  echo "nod /dev/console 0600 0 0 c 5 1"
  echo "nod /dev/null 0666 0 0 c 1 3"
  echo "file /init $here/rootfs/init 0755 0 0"
  echo "file /bin/busybox $pkgs/busybox/bin/busybox 0755 0 0"
  for a in $(qemu-s390x-static "$pkgs/busybox/bin/busybox" --list); do
    [ "$a" = busybox ] || echo "slink /bin/$a busybox 0777 0 0"
  done
  echo "file /usr/sbin/dropbear $dbroot/usr/sbin/dropbear 0755 0 0"
  echo "file /usr/lib/openssh/sftp-server $dbroot/usr/lib/openssh/sftp-server 0755 0 0"
  # Debian's dropbear runs /usr/lib/sftp-server for the sftp subsystem (scp uses it).
  echo "slink /usr/lib/sftp-server /usr/lib/openssh/sftp-server 0777 0 0"
  # glibc for the dynamically linked dropbear and sftp-server (the cross sysroot's).
  echo "dir /lib/s390x-linux-gnu 0755 0 0"
  for lib in ld64.so.1 libc.so.6 libresolv.so.2 libnss_files.so.2; do
    [ -e "$sysroot/lib/$lib" ] && echo "file /lib/s390x-linux-gnu/$lib $(readlink -f "$sysroot/lib/$lib") 0755 0 0"
  done
  echo "slink /lib/ld64.so.1 /lib/s390x-linux-gnu/ld64.so.1 0777 0 0"
  for lib in "$dbroot"/usr/lib/s390x-linux-gnu/lib*.so.* "$dbroot"/lib/s390x-linux-gnu/lib*.so.*; do
    case "$lib" in *.so.[0-9]*) ;; *) continue ;; esac
    echo "file /lib/s390x-linux-gnu/$(basename "$lib") $(readlink -f "$lib") 0755 0 0"
  done
} >"$spec"

printf 'root:x:0:0:root:/root:/bin/sh\n' >"$root/passwd"
printf 'root:x:0:\n' >"$root/group"
printf '/bin/sh\n' >"$root/shells"
printf 'passwd: files\ngroup: files\n' >"$root/nsswitch.conf"
printf '/lib/s390x-linux-gnu\n' >"$root/ld.so.conf"
printf 'kpw test guest %s: error injection allowed\n' "$variant" >"$root/kpw-test-guest"
cp "$keys/client_ed25519.pub" "$root/authorized_keys"
cp "$keys/host_ed25519" "$root/hostkey"
cat >>"$spec" <<SPEC
file /etc/passwd $root/passwd 0644 0 0
file /etc/group $root/group 0644 0 0
file /etc/shells $root/shells 0644 0 0
file /etc/nsswitch.conf $root/nsswitch.conf 0644 0 0
file /etc/kpw-test-guest $root/kpw-test-guest 0644 0 0
file /root/.ssh/authorized_keys $root/authorized_keys 0600 0 0
file /etc/dropbear/dropbear_ed25519_host_key $root/hostkey 0600 0 0
SPEC

# The probe, for use by hand on the guest (the runner copies its own build).
printf '#include <linux/stddef.h>\n#ifndef __counted_by\n#define __counted_by(m)\n#endif\n' >"$root/prelude.h"
if ! s390x-linux-gnu-gcc -static -O2 -include "$root/prelude.h" -D__user= -include "$src/include/uapi/linux/vfio.h" -DKPW_UAPI_V73 \
    -o "$root/kpw-probe" "$repo/src/core/runner/probe/kpw-probe.c" 2>"$root/probe.log"; then
  echo "build-initramfs: the probe did not build: $(head -5 "$root/probe.log")" >&2
  exit 1
fi
echo "file /usr/bin/kpw-probe $root/kpw-probe 0755 0 0" >>"$spec"

if [ "$variant" = absent ]; then
  kver="$(ls "$pkgs/absent-kernel/lib/modules")"
  mdir="$pkgs/absent-kernel/lib/modules/$kver"
  # Dependencies first (the .modinfo "depends=" of each module: the package has
  # no modules.dep, depmod makes it at install); decompressed here so busybox
  # insmod can load them.
  find "$mdir/kernel" -name '*.ko*' >"$work/modules.list"
  modfile() { grep -E "/$(echo "$1" | sed 's/[-_]/[-_]/g')\.ko(\.xz)?$" "$work/modules.list" | head -1; }
  declare -A seen=()
  order=()
  add() {
    local m="$1" f deps d
    [ -n "${seen[$m]:-}" ] && return 0
    seen[$m]=1
    f="$(modfile "$m")"
    [ -n "$f" ] || { echo "build-initramfs: module $m not found in $mdir" >&2; return 1; }
    deps="$(xz -dc "$f" | strings | sed -n 's/^depends=//p' | head -1 | tr ',' ' ')"
    for d in $deps; do add "$d"; done
    order+=("$f")
  }
  for want in virtio_net vfio_pci vfio_iommu_type1; do add "$want"; done
  : >"$root/kpw-modules"
  for m in "${order[@]}"; do
    name="$(basename "$m" .xz)"
    xz -dc "$m" >"$root/$name"
    echo "file /lib/modules/$name $root/$name 0644 0 0" >>"$spec"
    echo "$name" >>"$root/kpw-modules"
  done
  echo "file /etc/kpw-modules $root/kpw-modules 0644 0 0" >>"$spec"
fi

gen="$KPW_GUEST_CACHE/bin/gen_init_cpio"
if [ ! -x "$gen" ]; then
  mkdir -p "$(dirname "$gen")"
  gcc -O2 -o "$gen" "$src/usr/gen_init_cpio.c"
fi
"$gen" "$spec" | gzip -9 >"$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
