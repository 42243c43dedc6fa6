#!/usr/bin/env bash
# build-images.sh [OUT-DIR]: builds the project's own images as docker-archive tarballs, which
# both `docker load` and containerd's import read (no registry is reachable here):
#   busybox:local            Debian's busybox-static with its applets linked (sh, httpd, wget, nslookup …)
#                            and a printenv (printenv.sh), which that busybox lacks, and a wget (wget.sh)
#                            that applies -T itself, which that busybox's wget crashes on
#   timonel.io/pause:1.0     the sandbox process (pause.c, linked statically)
# Needs busybox-static (/bin/busybox), gcc with static libc, tar, sha256sum. Default OUT-DIR: images/out.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${1:-$here/out}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

busybox_bin=/bin/busybox
if ! file -L "$busybox_bin" 2>/dev/null | grep -q 'statically linked' && [[ -x /usr/bin/busybox ]]; then
  busybox_bin=/usr/bin/busybox
fi

# image NAME:TAG ROOTFS-DIR CMD-JSON OUT-FILE: one single-layer image as a docker-archive tarball.
# Timestamps are fixed so that the same inputs give the same image id.
image() {
  local ref=$1 rootfs=$2 cmd=$3 file=$4 dir layer_sha config config_sha
  dir=$work/$(tr ':/' '__' <<<"$ref")
  mkdir -p "$dir/layer"
  tar --sort=name --mtime='2026-01-01 00:00:00' --owner=0 --group=0 --numeric-owner \
    -C "$rootfs" -cf "$dir/layer/layer.tar" .
  layer_sha=$(sha256sum "$dir/layer/layer.tar" | cut -d' ' -f1)
  config=$(printf '{"architecture":"amd64","os":"linux","created":"2026-01-01T00:00:00Z","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],"Cmd":%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"2026-01-01T00:00:00Z","created_by":"timonel images/build-images.sh"}]}' "$cmd" "$layer_sha")
  config_sha=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" >"$dir/$config_sha.json"
  mv "$dir/layer" "$dir/$layer_sha"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$config_sha" "$ref" "$layer_sha" \
    >"$dir/manifest.json"
  printf '{"%s":{"%s":"%s"}}' "${ref%:*}" "${ref##*:}" "$layer_sha" >"$dir/repositories"
  tar --sort=name --mtime='2026-01-01 00:00:00' --owner=0 --group=0 --numeric-owner -C "$dir" -cf "$file" .
  echo "$file ($ref, image id sha256:$config_sha)"
}

# busybox:local
root=$work/busybox-root
mkdir -p "$root"/{bin,etc,tmp,root,proc,sys,dev,var/www}
cp "$busybox_bin" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [[ $applet == busybox ]] || ln -sf busybox "$root/bin/$applet"
done
[[ -e $root/bin/printenv ]] || install -m 0755 "$here/printenv.sh" "$root/bin/printenv"
rm "$root/bin/wget" && install -m 0755 "$here/wget.sh" "$root/bin/wget"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
image busybox:local "$root" '["sh"]' "$out/busybox.tar"

# timonel.io/pause:1.0
root=$work/pause-root
mkdir -p "$root"
gcc -static -Os -s -o "$root/pause" "$here/pause.c"
image timonel.io/pause:1.0 "$root" '["/pause"]' "$out/pause.tar"
