#!/usr/bin/env bash
# Fetches the real b4 the tests in test/b4 drive: Debian trixie's b4 0.14.2 (arch all, the first
# Debian b4 with the am/prep check hooks; bookworm ships 0.12 without them), downloaded through the
# private apt configuration of scripts/guest/apt-private.sh (the system's apt sources are never
# touched) and unpacked with dpkg-deb -x under ~/.cache/kpw/b4. It runs on Debian 12's python3 with
# the python3-dkim/-patatt/-requests/-dnspython and git-filter-repo of scripts/system-packages.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
B4_VERSION="${KPW_B4_VERSION:-0.14.2-2}"
B4_CACHE="${KPW_B4_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/b4}"
stamp="$B4_CACHE/b4-$B4_VERSION.done"
if [ -f "$stamp" ] && [ -x "$B4_CACHE/bin/b4" ]; then
  echo "b4-setup: cached ($B4_CACHE/bin/b4)"
  exit 0
fi
mkdir -p "$B4_CACHE"
# Its own private apt state (lists, cache) next to the b4 it fetches, not the guest's.
export KPW_GUEST_CACHE="$B4_CACHE"
# shellcheck source=guest/apt-private.sh
source "$here/guest/apt-private.sh"
echo "b4-setup: apt-get update (private lists under $APT_ROOT)"
for attempt in 1 2 3; do
  if apt-get -q update >"$APT_ROOT/update.log" 2>&1 && ! grep -qE '^(E:|W: Failed)' "$APT_ROOT/update.log"; then break; fi
  grep -E '^(E|W: Failed)' "$APT_ROOT/update.log" >&2 || true
  [ "$attempt" = 3 ] && { echo "b4-setup: apt-get update failed" >&2; exit 1; }
  sleep 15
done
cd "$APT_ROOT/debs"
rm -f b4_*.deb
for attempt in 1 2 3; do
  apt-get -q download "b4=$B4_VERSION" && break
  [ "$attempt" = 3 ] && { echo "b4-setup: could not download b4=$B4_VERSION" >&2; exit 1; }
  sleep 15
done
rm -rf "$B4_CACHE/root"
dpkg-deb -x b4_*.deb "$B4_CACHE/root"
site="$(ls -d "$B4_CACHE"/root/usr/lib/python3/dist-packages)"
mkdir -p "$B4_CACHE/bin"
# Debian 12's python3 by full path (a pyenv or venv python on PATH has none of the Debian modules).
cat >"$B4_CACHE/bin/b4" <<WRAP
#!/bin/sh
# b4 $B4_VERSION from Debian trixie, unpacked by scripts/b4-setup.sh.
PYTHONPATH="$site\${PYTHONPATH:+:\$PYTHONPATH}" exec /usr/bin/python3 -c 'import sys; from b4.command import cmd; sys.argv[0] = "b4"; sys.exit(cmd())' "\$@"
WRAP
chmod +x "$B4_CACHE/bin/b4"
"$B4_CACHE/bin/b4" --version
touch "$stamp"
echo "b4-setup: done ($B4_CACHE/bin/b4)"
