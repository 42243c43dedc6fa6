#!/usr/bin/env bash
# cluster-up.sh: install what is missing (Java, Maven, Docker Engine, containerd, runc, CNI plugins),
# build, start the container runtime and a single-node Timonel cluster in the background: the API
# server with its own node agent, whose pods run as real containers. Prints the line to point
# kubectl at it.
#
# Environment: TIMONEL_DATA_DIR (default ./data of the repository), TIMONEL_PORT (default 6443),
# TIMONEL_RUNTIME=docker (default) | containerd | none (a control plane without a node),
# SKIP_BUILD=1 to start the bundle already built, TIMONEL_SIMULATED_NODES=N to add N simulated nodes
# (pods bound to them run without containers; see the README).
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

data_dir=${TIMONEL_DATA_DIR:-$REPO_DIR/data}
mkdir -p "$data_dir"
data_dir=$(cd "$data_dir" && pwd)
port=${TIMONEL_PORT:-6443}

if [[ -f $data_dir/server.pid ]] && kill -0 "$(<"$data_dir/server.pid")" 2>/dev/null; then
  log "Timonel is already running (pid $(<"$data_dir/server.pid"); log: $data_dir/server.log)"
else
  runtime=${TIMONEL_RUNTIME:-docker}
  ensure_build_tools
  [[ $runtime == none ]] || ensure_runtime_packages
  [[ ${SKIP_BUILD:-} == 1 ]] || build_bundle
  [[ $runtime == none ]] || build_images
  start_runtime "$runtime"
  extra=("--runtime=$runtime")
  [[ -z ${TIMONEL_SIMULATED_NODES:-} ]] || extra+=("--simulated-nodes=$TIMONEL_SIMULATED_NODES")
  pid=$(start_server "$data_dir" "$port" "${extra[@]}")
  url=$(wait_ready "$data_dir" "$pid" 120)
  log "Timonel is serving $url (pid $pid; log: $data_dir/server.log; stop: scripts/cluster-down.sh)"
fi
[[ -x /usr/lib/google-cloud-sdk/bin/kubectl.1.33 ]] && ! command -v kubectl >/dev/null 2>&1 &&
  log "kubectl v1.33 is at /usr/lib/google-cloud-sdk/bin/kubectl.1.33"
echo "export KUBECONFIG=$data_dir/admin.kubeconfig"
