#!/usr/bin/env bash
# Private apt setup for the s390x test guest: its own sources.list, state and
# cache under the kpw cache directory, so the system's apt configuration and
# dpkg architectures are never changed. Sourced by fetch.sh; exports APT_CONFIG.
set -euo pipefail

KPW_GUEST_CACHE="${KPW_GUEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/guest}"
APT_ROOT="$KPW_GUEST_CACHE/apt"
mkdir -p "$APT_ROOT/etc/sources.list.d" "$APT_ROOT/etc/preferences.d" \
  "$APT_ROOT/state/lists/partial" "$APT_ROOT/cache/archives/partial" "$APT_ROOT/debs"
: >"$APT_ROOT/state/status"

# Suites: bookworm (busybox, dropbear), bookworm-backports (QEMU 10, Linux 6.12
# s390x for the "feature absent" variant), trixie-backports (linux-source-7.3).
cat >"$APT_ROOT/etc/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm-backports main
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie-backports main
SRC

cat >"$APT_ROOT/apt.conf" <<CONF
Dir::Etc::SourceList "$APT_ROOT/etc/sources.list";
Dir::Etc::SourceParts "$APT_ROOT/etc/sources.list.d";
Dir::Etc::Preferences "$APT_ROOT/etc/preferences";
Dir::Etc::PreferencesParts "$APT_ROOT/etc/preferences.d";
Dir::State "$APT_ROOT/state";
Dir::State::status "$APT_ROOT/state/status";
Dir::Cache "$APT_ROOT/cache";
APT::Architecture "amd64";
APT::Architectures { "amd64"; "s390x"; };
Acquire::Languages "none";
APT::Default-Release "bookworm";
APT::Get::AllowUnauthenticated "false";
CONF
: >"$APT_ROOT/etc/preferences"
export APT_CONFIG="$APT_ROOT/apt.conf"
