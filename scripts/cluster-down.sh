#!/usr/bin/env bash
# cluster-down.sh: stop the control plane that cluster-up.sh started. --purge also deletes its data
# directory (store, PKI, kubeconfig) and the pods' containers: the next cluster-up.sh starts a new cluster.
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
  # the pods' containers outlive the server (as a kubelet's do): remove them with the cluster
  for runtime in ${TIMONEL_RUNTIME:-docker containerd}; do
    case $runtime in
      docker) docker_answers >/dev/null 2>&1 && reset_node docker ;;
      containerd) containerd_answers >/dev/null 2>&1 && reset_node containerd ;;
    esac
  done
  rm -rf "$data_dir"
  log "removed $data_dir"
fi
