#!/usr/bin/env bash
# A local Redis for the shared cache, for development, `make serve` and CI (Debian's
# redis-server, no persistence: the cache can always be rebuilt).
#
#   redis.sh start|stop|status [PORT]      (PORT defaults to $REDIS_PORT, else 6379)
#
#   start   install redis-server with apt-get if it is missing and we are root, start it on
#           127.0.0.1:PORT in the background and wait until `redis-cli ping` answers.
#           Harmless when a Redis already answers on PORT (it is reused, not restarted).
#           stdout gets only REDIS_URL=redis://127.0.0.1:PORT/0, as engine.sh prints SEARCH_URL.
#   stop    stop the Redis this script started on PORT (never one it did not start)
#   status  exit 0 when a Redis answers on PORT
#
# Files: var/services/redis-PORT.pid and var/services/redis-PORT.log.
# Knobs: REDIS_START_TIMEOUT (10 s), REDIS_STOP_TIMEOUT (10 s), REDIS_MAXMEMORY (256mb).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
VAR="$ROOT/var/services"

say() { echo "redis.sh: $*" >&2; }
die() { say "$*"; exit 1; }
usage() { echo "usage: $(basename "$0") start|stop|status [PORT]" >&2; exit 2; }

if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
CMD=$1
PORT=${2:-${REDIS_PORT:-6379}}
case "$CMD" in start|stop|status) ;; *) usage ;; esac
case "$PORT" in ''|*[!0-9]*) die "the port must be a number, not '$PORT'" ;; esac

PIDFILE="$VAR/redis-$PORT.pid"
LOG="$VAR/redis-$PORT.log"
START_TIMEOUT=${REDIS_START_TIMEOUT:-10}
STOP_TIMEOUT=${REDIS_STOP_TIMEOUT:-10}

answers() { [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null)" = PONG ]; }

ours() {  # the pid in the PID file, if it is a redis-server on this port
    local pid args
    [ -f "$PIDFILE" ] || return 1
    pid=$(cat "$PIDFILE" 2>/dev/null || true)
    [[ "$pid" =~ ^[0-9]+$ ]] || return 1
    args=$(ps -ww -p "$pid" -o args= 2>/dev/null) || return 1
    [[ "$args" == redis-server*":$PORT"* ]] || return 1
    echo "$pid"
}

install_redis() {
    if [ "$(id -u)" -eq 0 ]; then
        say "redis-server is not installed; installing Debian's package ..."
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null ||
            die "apt-get could not install redis-server (try 'apt-get update' first)."
    else
        die "redis-server is not installed. Install it with 'sudo apt-get install redis-server'."
    fi
}

do_start() {
    local pid deadline
    if answers; then
        if pid=$(ours); then say "Redis already running on port $PORT (pid $pid)"; else
            say "a Redis already answers on port $PORT (not started by this script); using it"
        fi
        echo "REDIS_URL=redis://127.0.0.1:$PORT/0"
        return 0
    fi
    command -v redis-server >/dev/null && command -v redis-cli >/dev/null || install_redis
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        die "port $PORT is in use by something that is not Redis; choose another port."
    fi
    mkdir -p "$VAR"
    rm -f "$PIDFILE"
    # No snapshots, no append-only file: a cache, not a store. Least recently used keys go
    # when it is full, so a busy site never gets "OOM command not allowed".
    redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes \
        --pidfile "$PIDFILE" --logfile "$LOG" --dir "$VAR" \
        --save "" --appendonly no \
        --maxmemory "${REDIS_MAXMEMORY:-256mb}" --maxmemory-policy allkeys-lru
    deadline=$((SECONDS + START_TIMEOUT))
    until answers; do
        if [ $SECONDS -ge $deadline ]; then
            say "Redis did not answer on port $PORT within ${START_TIMEOUT}s; last lines of $LOG:"
            tail -n 20 "$LOG" >&2 || true
            exit 1
        fi
        sleep 0.1
    done
    say "Redis up on 127.0.0.1:$PORT (pid $(cat "$PIDFILE"), log var/services/redis-$PORT.log)"
    echo "REDIS_URL=redis://127.0.0.1:$PORT/0"
}

do_stop() {
    local pid deadline
    if ! pid=$(ours); then
        rm -f "$PIDFILE"
        if answers; then
            say "the Redis on port $PORT was not started by this script; leaving it running"
        else
            say "Redis is not running on port $PORT"
        fi
        return 0
    fi
    say "stopping Redis on port $PORT (pid $pid) ..."
    kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + STOP_TIMEOUT))
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        say "still running after ${STOP_TIMEOUT}s; sending SIGKILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$PIDFILE"
    say "Redis stopped"
}

case "$CMD" in
    start) do_start ;;
    stop) do_stop ;;
    status)
        if answers; then say "Redis answers on port $PORT"; else say "no Redis on port $PORT"; exit 1; fi
        ;;
esac
