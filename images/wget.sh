#!/bin/sh
# wget ARGS...: busybox wget, except that a timeout (-T SECS, -TSECS, --timeout=SECS) is applied
# with busybox timeout: Debian's busybox-static 1.35 wget crashes (SIGSEGV while parsing its
# options) whenever -T is given. The timeout then bounds the whole download, not each read.
secs=
n=$#
while [ "$n" -gt 0 ]; do
  arg=$1
  shift
  n=$((n - 1))
  case $arg in
    -T) secs=$1; shift; n=$((n - 1)) ;;
    -T*) secs=${arg#-T} ;;
    --timeout=*) secs=${arg#--timeout=} ;;
    --timeout) secs=$1; shift; n=$((n - 1)) ;;
    *) set -- "$@" "$arg" ;;
  esac
done
[ -n "$secs" ] && exec busybox timeout "$secs" busybox wget "$@"
exec busybox wget "$@"
