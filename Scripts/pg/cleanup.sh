#!/usr/bin/env bash
# Stops and removes the throwaway PostgreSQL servers that LiveTests starts.
#
# Each server lives in ${CSLINT_PG_TMP:-/tmp}/cslint-pg.<major>.<id>/ with
#   owner.pid  the pid of the test process that started it
#   data/      the cluster (data/postmaster.pid names the server)
#
# Usage:
#   cleanup.sh                 same as --stale
#   cleanup.sh --stale         remove servers whose owner process is gone
#   cleanup.sh --all           remove every server of ours, running owner or not
#   cleanup.sh --watch PID DIR wait until PID exits, then remove DIR's server
#                              (started by the harness next to each server, so an
#                              interrupted or killed test run leaves nothing behind)
set -u

base="${CSLINT_PG_TMP:-/tmp}"

# /proc where there is one (Linux; minimal images may lack procps), else ps.
alive() {
  # A zombie counts as gone.
  local pid=$1 state
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/stat" ]; then
    state=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -c1)
  else
    state=$(ps -o stat= -p "$pid" 2>/dev/null | cut -c1)
  fi
  [ "$state" != "Z" ]
}

is_postgres() {
  # Guards against a recycled pid: only signal a process that is a postgres server.
  local comm
  if [ -r "/proc/$1/comm" ]; then
    comm=$(cat "/proc/$1/comm" 2>/dev/null)
  else
    comm=$(ps -o comm= -p "$1" 2>/dev/null)
  fi
  case "$comm" in postgres* | postmaster*) return 0 ;; *) return 1 ;; esac
}

remove_server() {
  local dir=$1
  # Only ever delete directories that look like ours.
  case "$(basename "$dir")" in cslint-pg.*) ;; *) return 0 ;; esac
  [ -f "$dir/owner.pid" ] || return 0
  local pidfile="$dir/data/postmaster.pid"
  if [ -f "$pidfile" ]; then
    local pid
    pid=$(head -n 1 "$pidfile" 2>/dev/null)
    if [ -n "$pid" ] && alive "$pid" && is_postgres "$pid"; then
      # SIGQUIT: immediate shutdown; the data is thrown away anyway.
      kill -QUIT "$pid" 2>/dev/null
      for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.05; done
      alive "$pid" && kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -rf "$dir"
}

case "${1:---stale}" in
--watch)
  owner=${2:?owner pid}
  dir=${3:?server directory}
  while alive "$owner" && [ -d "$dir" ]; do sleep 1; done
  [ -d "$dir" ] && remove_server "$dir"
  ;;
--stale | --all)
  for dir in "$base"/cslint-pg.*; do
    [ -d "$dir" ] || continue
    owner=$(head -n 1 "$dir/owner.pid" 2>/dev/null)
    if [ "$1" = "--all" ] || [ -z "$owner" ] || ! alive "$owner"; then
      echo "cleanup.sh: removing $dir" >&2
      remove_server "$dir"
    fi
  done
  ;;
*)
  echo "usage: $0 [--stale | --all | --watch PID DIR]" >&2
  exit 2
  ;;
esac
exit 0
