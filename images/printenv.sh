#!/bin/sh
# printenv [NAME...]: Debian's busybox-static has no printenv applet; this one behaves like
# coreutils': all variables without names, else the value of each set NAME (exit 1 if one is unset).
[ $# -eq 0 ] && exec env
status=0
for name in "$@"; do
  case $name in
    '' | [0-9]* | *[!A-Za-z0-9_]*) status=1; continue ;;
  esac
  if eval "[ -n \"\${$name+set}\" ]"; then
    eval "printf '%s\n' \"\$$name\""
  else
    status=1
  fi
done
exit $status
