#!/usr/bin/env bash
# cluster-down.sh: stop the control plane that cluster-up.sh started. --purge also deletes its data
# directory (store, PKI, kubeconfig): the next cluster-up.sh starts a new cluster.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

data_dir=${TIMONEL_DATA_DIR:-$REPO_DIR/data}
if [[ -f $data_dir/server.pid ]]; then
  stop_server "$data_dir"
  log "Timonel stopped"
else
  log "Timonel is not running (no $data_dir/server.pid)"
fi
if [[ ${1:-} == --purge ]]; then
  rm -rf "$data_dir"
  log "removed $data_dir"
fi
