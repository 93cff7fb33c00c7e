#!/usr/bin/env bash
# `clean_npm CMD...`: runs CMD without the settings an outer npm passes down (npm_*, NODE,
# INIT_CWD). Under `npm start` the nested npm of e2e-setup.sh otherwise inherits
# npm_config_user_agent ("node/v20"), and code-server's postinstall refuses to build (issue 13).
clean_npm() {
  local unset=() v
  for v in $(compgen -e); do
    case "$v" in npm_* | NPM_* | NODE | INIT_CWD) unset+=(-u "$v") ;; esac
  done
  env "${unset[@]}" "$@"
}
