# lib.sh: helpers shared by the scripts in this directory (sourced, not run).
# shellcheck shell=bash

REPO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUNDLE_DIR=$REPO_DIR/distribution/target/timonel

log() { printf '%s\n' "== $*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if (( EUID == 0 )); then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    die "need root (or sudo) to run: $*"
  fi
}

# ensure_packages CMD:PKG...: apt-get install PKG for every CMD that is not on PATH.
ensure_packages() {
  local pair cmd pkg missing=()
  for pair in "$@"; do
    cmd=${pair%%:*} pkg=${pair#*:}
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  (( ${#missing[@]} == 0 )) && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them"
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# ensure_build_tools: Java 17+ and Maven, plus what the scripts themselves use.
ensure_build_tools() {
  ensure_packages java:openjdk-17-jdk-headless javac:openjdk-17-jdk-headless mvn:maven \
    curl:curl jq:jq timeout:coreutils
}

# build_bundle [MAVEN ARGS...]: mvn -B package -DskipTests (plus the arguments), then check the bundle.
build_bundle() {
  log "building: mvn -B package -DskipTests $*"
  (cd "$REPO_DIR" && mvn -B -q -Dstyle.color=never package -DskipTests "$@") || die "the build failed"
  [[ -x $BUNDLE_DIR/bin/timonel ]] || die "the build left no $BUNDLE_DIR/bin/timonel"
}

# start_server DATA_DIR PORT [SERVER ARGS...]: starts bin/timonel server in the background with its
# output in DATA_DIR/server.log and its pid in DATA_DIR/server.pid; prints the pid.
start_server() {
  local data_dir=$1 port=$2
  shift 2
  mkdir -p "$data_dir"
  : >"$data_dir/server.log"
  nohup "$BUNDLE_DIR/bin/timonel" server --data-dir "$data_dir" --port "$port" "$@" \
    >>"$data_dir/server.log" 2>&1 </dev/null &
  echo $! >"$data_dir/server.pid"
  echo $!
}

# wait_ready DATA_DIR PID SECONDS: waits until the server prints where it serves and answers
# /readyz with ok (authenticated as the admin); prints the URL. Fails, showing the log, when the
# process exits or time runs out.
wait_ready() {
  local data_dir=$1 pid=$2 seconds=$3 url="" deadline=$((SECONDS + $3))
  while (( SECONDS < deadline )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$data_dir/server.log" >&2
      die "the server exited during start-up (log: $data_dir/server.log)"
    fi
    if [[ -z $url ]]; then
      url=$(sed -n 's/^Timonel .* serving \(https:[^ ]*\).*/\1/p' "$data_dir/server.log" | head -n 1)
    fi
    if [[ -n $url && $(curl -s --max-time 2 --cacert "$data_dir/pki/ca.crt" --cert "$data_dir/pki/admin.crt" \
      --key "$data_dir/pki/admin.key" "$url/readyz" 2>/dev/null) == ok ]]; then
      echo "$url"
      return 0
    fi
    sleep 0.2
  done
  tail -n 40 "$data_dir/server.log" >&2
  die "the server was not ready within ${seconds}s (log: $data_dir/server.log)"
}

# stop_server DATA_DIR: SIGTERM to the pid in DATA_DIR/server.pid, SIGKILL after 30 s.
stop_server() {
  local data_dir=$1 pid i
  [[ -f $data_dir/server.pid ]] || return 0
  pid=$(<"$data_dir/server.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "the server (pid $pid) ignored SIGTERM for 30s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$data_dir/server.pid"
}

# ---- container runtimes (the node agent's) -----------------------------------------------------

DOCKER_SOCKET=/var/run/docker.sock
CONTAINERD_SOCKET=/run/containerd/containerd.sock

# ensure_runtime_packages: Docker Engine, containerd, runc, the CNI plugins, iptables, nftables (the
# Service proxy's nftables mode), and what the project's images are built from (busybox-static, gcc
# with static libc).
ensure_runtime_packages() {
  ensure_packages dockerd:docker.io containerd:containerd runc:runc iptables:iptables nft:nftables ip:iproute2 \
    gcc:gcc file:file
  local missing=()
  [[ -x /usr/lib/cni/bridge ]] || missing+=(containernetworking-plugins)
  file -L /bin/busybox 2>/dev/null | grep -q 'statically linked' || missing+=(busybox-static)
  dpkg -s libc6-dev >/dev/null 2>&1 || missing+=(libc6-dev)
  (( ${#missing[@]} == 0 )) && return 0
  log "installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# wait_socket SOCKET COMMAND... SECONDS: waits until COMMAND succeeds (the daemon answers).
wait_answers() {
  local seconds=$1 deadline
  shift
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || return 1
    sleep 0.3
  done
}

docker_answers() { curl -sf --max-time 2 --unix-socket "$DOCKER_SOCKET" http://docker/_ping; }
containerd_answers() { ctr --address "$CONTAINERD_SOCKET" version; }

# start_docker: starts dockerd (log /var/log/timonel-dockerd.log) unless it already answers. Docker
# runs on the containerd started here: left to itself, dockerd dials any containerd socket file it
# finds, and a stale one left by an earlier run makes it fail.
start_docker() {
  docker_answers >/dev/null 2>&1 && return 0
  start_containerd
  clear_stale_pid_file /var/run/docker.pid
  log "starting dockerd (log: /var/log/timonel-dockerd.log)"
  as_root bash -c "nohup dockerd --containerd='$CONTAINERD_SOCKET' >>/var/log/timonel-dockerd.log 2>&1 </dev/null &"
  wait_answers 60 docker_answers || { tail -n 20 /var/log/timonel-dockerd.log >&2; die "dockerd did not start"; }
}

# start_containerd: starts containerd with scripts/containerd/config.toml unless it already answers.
# Its CRI finds the pod network in /etc/cni/net.d, which the node agent's pod network writes once
# the node has its pod CIDR (containerd picks up the file when it appears).
start_containerd() {
  containerd_answers >/dev/null 2>&1 && return 0
  # a socket nobody answers on is what a killed containerd left behind
  as_root rm -f "$CONTAINERD_SOCKET" "$CONTAINERD_SOCKET.ttrpc"
  log "starting containerd (log: /var/log/timonel-containerd.log)"
  as_root bash -c "nohup containerd --config '$REPO_DIR/scripts/containerd/config.toml' \
    >>/var/log/timonel-containerd.log 2>&1 </dev/null &"
  wait_answers 60 containerd_answers || { tail -n 20 /var/log/timonel-containerd.log >&2; die "containerd did not start"; }
}

# clear_stale_pid_file FILE: removes a daemon's pid file whose process is gone (daemons refuse to
# start beside a pid file of a live process, and some beside any).
clear_stale_pid_file() {
  local pid
  [[ -f $1 ]] || return 0
  pid=$(cat "$1" 2>/dev/null)
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && return 0
  as_root rm -f "$1"
}

# start_runtime NAME: docker | containerd | none.
start_runtime() {
  case $1 in
    docker) start_docker ;;
    containerd) start_containerd ;;
    none) ;;
    *) die "unknown runtime '$1' (docker, containerd or none)" ;;
  esac
}

# build_images: the project's images (busybox:local, timonel.io/pause:1.0) as tarballs in the
# bundle's images/ directory, which the node agent imports at start.
build_images() {
  [[ -f $BUNDLE_DIR/images/busybox.tar && -f $BUNDLE_DIR/images/pause.tar ]] && return 0
  log "building images into $BUNDLE_DIR/images"
  "$REPO_DIR/images/build-images.sh" "$BUNDLE_DIR/images" >&2 || die "building the images failed"
}

# reset_node RUNTIME: removes every pod sandbox and container the node agent left in RUNTIME.
reset_node() {
  "$BUNDLE_DIR/bin/timonel" node reset --runtime="$1" >&2 || log "timonel node reset --runtime=$1 failed"
}
