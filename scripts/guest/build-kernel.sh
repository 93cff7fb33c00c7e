#!/usr/bin/env bash
# Builds the Linux 7.3 s390x kernel for the test guest from Debian's
# linux-source package (tinyconfig + kernel.config), cached by a hash of the
# source version and the config fragment. Prints the image path on success.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
KPW_GUEST_CACHE="${KPW_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/guest}"
source "$here/versions.sh"

key="$( { echo "$LINUX_VERSION"; cat "$here/kernel.config"; } | sha256sum | cut -c1-12)"
out="$KPW_GUEST_CACHE/kernel-$LINUX_VERSION-$key"
if [ -f "$out/image" ]; then
  echo "$out/image"
  exit 0
fi
# --cached: only say whether the image is built (build.sh shows progress only for a real build).
[ "${1:-}" = --cached ] && exit 1

src="$LINUX_SRC"
if [ ! -f "$src/Makefile" ]; then
  mkdir -p "$(dirname "$src")"
  tar -C "$(dirname "$src")" -xf "$KPW_GUEST_CACHE/pkgs/linux-source/usr/src/linux-source-7.3.tar.xz"
fi
obj="$KPW_GUEST_CACHE/kbuild-$key"
mkdir -p "$obj"
mk=(make -s -C "$src" O="$obj" ARCH=s390 CROSS_COMPILE=s390x-linux-gnu- "-j${KPW_JOBS:-$(nproc)}")
"${mk[@]}" tinyconfig >&2
"$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$here/kernel.config" >&2
"${mk[@]}" olddefconfig >&2
# Every option asked for must have survived olddefconfig (a dependency missing
# would silently drop it): fail loudly instead.
missing=0
while IFS= read -r line; do
  case "$line" in CONFIG_*=y) grep -qx "$line" "$obj/.config" || { echo "build-kernel: $line did not stick" >&2; missing=1; } ;; esac
done <"$here/kernel.config"
[ "$missing" = 0 ] || exit 1
"${mk[@]}" bzImage >&2
mkdir -p "$out"
cp "$obj/arch/s390/boot/bzImage" "$out/image.tmp"
cp "$obj/.config" "$out/config"
mv "$out/image.tmp" "$out/image"
echo "$out/image"
