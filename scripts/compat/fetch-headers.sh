#!/usr/bin/env bash
# Fetches newer UAPI headers (Debian's linux-libc-dev 7.x from trixie-backports
# or trixie) for the UAPI compatibility oracle (test/compat) and the bench,
# through the guest's private APT_CONFIG (never the system's apt), and unpacks
# them with dpkg-deb -x under ~/.cache/kpw/compat/headers/<version>. Idempotent.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# A cache of its own, so a concurrent guest fetch never shares apt's lists or locks.
export KPW_GUEST_CACHE="${KPW_COMPAT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/compat}"
# shellcheck source=../guest/apt-private.sh
source "$here/../guest/apt-private.sh"

out="$KPW_GUEST_CACHE/headers"
mkdir -p "$out"
if ls -d "$out"/7.*/usr >/dev/null 2>&1; then
  echo "fetch-headers: cached: $(ls -d "$out"/7.*)"
  exit 0
fi
for attempt in 1 2 3; do
  if apt-get -q update >"$APT_ROOT/update.log" 2>&1 && ! grep -qE '^(E:|W: Failed)' "$APT_ROOT/update.log"; then break; fi
  [ "$attempt" = 3 ] || { echo "fetch-headers: apt-get update had errors; retrying in 15 s" >&2; sleep 15; }
done
# The newest linux-libc-dev of the suites the private config lists (trixie-backports carries 7.x).
version="$(apt-cache madison linux-libc-dev | awk -F'|' '{gsub(/ /,"",$2); print $2}' | sort -V | tail -1)"
[ -n "$version" ] || { echo "fetch-headers: no linux-libc-dev in the private apt lists" >&2; exit 1; }
cd "$APT_ROOT/debs"
for attempt in 1 2 3; do
  apt-get -q download "linux-libc-dev=$version" && break
  [ "$attempt" = 3 ] && { echo "fetch-headers: could not download linux-libc-dev $version" >&2; exit 1; }
  sleep 15
done
upstream="${version%%-*}"
dest="$out/$upstream"
rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
dpkg-deb -x "linux-libc-dev_$(printf %s "$version" | sed "s/^[0-9]*://")_"*.deb "$dest.tmp"
mv "$dest.tmp" "$dest"
echo "fetch-headers: $version in $dest"
