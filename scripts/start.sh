#!/usr/bin/env bash
# `npm start`: sets the machine up first when it has not been (scripts/setup.sh
# --if-needed: Debian packages, npm ci, build, the e2e tools, the s390x guest),
# then runs the demo in code-server (scripts/start.mjs) and prints its URL;
# `npm start -- --check` runs it headless once and exits 0 when kpw answers.
set -euo pipefail
cd "$(dirname "$0")/.."
case " $* " in
  *" --help "* | *" -h "*) ;; # the usage text needs no setup
  *) bash scripts/setup.sh --if-needed ;;
esac
exec node scripts/start.mjs "$@"
