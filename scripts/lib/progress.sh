#!/usr/bin/env bash
# Progress for long set-up steps (sourced by setup.sh, e2e-setup.sh and the guest scripts):
# `step LABEL LOG CMD...` runs CMD with all its output in LOG, shows the phase and the
# elapsed time while it runs (plus what KPW_STEP_PROGRESS prints, e.g. the kernel's object
# count), and on failure the log's tail and its path. Noise goes to the log, never the terminal.

# Where the set-up logs go; every step prints its log's path.
KPW_LOG_DIR="${KPW_LOG_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/logs}"
mkdir -p "$KPW_LOG_DIR"

# One cold-setup estimate for the README, the scripts and `npm start -- --help` (scripts/setup-estimate.txt).
KPW_SETUP_ESTIMATE="$(cat "$(dirname "${BASH_SOURCE[0]}")/../setup-estimate.txt")"

# seconds -> "1m05s" / "42s"
kpw_elapsed() {
  local s=$1
  if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# step LABEL LOG CMD...: progress on stderr (a line every 2 s redrawn on a terminal, a line
# every 30 s otherwise, so CI logs stay short); returns CMD's exit status.
step() {
  local label=$1 log=$2
  shift 2
  local t0 extra now rc tty=0 every=30 last=0
  [ -t 2 ] && tty=1 && every=2
  t0=$(date +%s)
  : >"$log"
  echo "$label ... (log: $log)" >&2
  "$@" >>"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    now=$(($(date +%s) - t0))
    if [ $((now - last)) -ge "$every" ]; then
      last=$now
      extra=""
      if [ -n "${KPW_STEP_PROGRESS:-}" ]; then extra=", $($KPW_STEP_PROGRESS 2>/dev/null || true)"; fi
      if [ "$tty" = 1 ]; then
        printf '\r\033[K  %s: %s%s' "$label" "$(kpw_elapsed "$now")" "$extra" >&2
      else
        printf '  %s: %s%s\n' "$label" "$(kpw_elapsed "$now")" "$extra" >&2
      fi
    fi
  done
  rc=0
  wait "$pid" || rc=$?
  [ "$tty" = 1 ] && printf '\r\033[K' >&2
  now=$(($(date +%s) - t0))
  if [ "$rc" = 0 ]; then
    echo "  $label: done in $(kpw_elapsed "$now")" >&2
  else
    echo "  $label: FAILED (exit $rc) after $(kpw_elapsed "$now"); last lines of $log:" >&2
    tail -n 25 "$log" | sed 's/^/    /' >&2
  fi
  return "$rc"
}
