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
