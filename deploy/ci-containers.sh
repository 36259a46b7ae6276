#!/usr/bin/env bash
# The container path for CI and for developers: `start` installs docker.io + mmdebstrap, starts dockerd in the
# background (ports it publishes bind 127.0.0.1 only) and builds the kaplatform/* images; `stop` stops the dockerd
# that `start` started, and nothing else. When dockerd cannot start, `start` says so in one line and exits 0: the
# test fixtures then use the machine's PostgreSQL and RabbitMQ binaries.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE="${KA_DOCKERD_STATE:-/tmp/ka-dockerd}"
PIDFILE="$STATE/dockerd.pid"
LOG="$STATE/dockerd.log"

engine_answers() { timeout 5 docker info >/dev/null 2>&1; }

install_tools() {
    local missing=()
    command -v dockerd >/dev/null || missing+=(docker.io)
    command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
    command -v docker-compose >/dev/null || missing+=(docker-compose)
    [ ${#missing[@]} -eq 0 ] && return 0
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >"$STATE/apt.log" 2>&1 \
        || { apt-get update -qq >>"$STATE/apt.log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >>"$STATE/apt.log" 2>&1; }
}

start_engine() {
    if engine_answers; then
        echo "containers: a Docker engine already answers; using it"
        return 0
    fi
    # --ip: every published port binds 127.0.0.1 unless a mapping says otherwise (Testcontainers' random ports too).
    setsid "${DOCKERD:-dockerd}" --ip 127.0.0.1 --pidfile "$STATE/dockerd.own.pid" >"$LOG" 2>&1 < /dev/null &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 60); do
        engine_answers && return 0
        kill -0 "$(cat "$PIDFILE")" 2>/dev/null || break
        sleep 0.5
    done
    return 1
}

start() {
    mkdir -p "$STATE"
    if ! install_tools; then
        echo "containers: could not install docker.io/mmdebstrap (see $STATE/apt.log); tests run on local binaries"
        return 0
    fi
    if ! start_engine; then
        echo "containers: dockerd could not start ($(tail -n 1 "$LOG" 2>/dev/null | cut -c1-160 | grep . || echo "no output; see $LOG")); tests run on local binaries"
        stop_engine
        return 0
    fi
    echo "containers: dockerd answers ($(docker version --format '{{.Server.Version}}' 2>/dev/null)); building images"
    if ! "$ROOT/deploy/images/build.sh" ${KA_IMAGES:-postgres rabbitmq}; then
        echo "containers: image build failed; tests run on local binaries where an image is missing"
    fi
    return 0
}

stop_engine() {
    [ -f "$PIDFILE" ] || return 0
    local pid
    pid="$(cat "$PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    fi
    rm -f "$PIDFILE"
}

case "${1:-}" in
    start) start ;;
    stop) stop_engine; echo "containers: dockerd stopped" ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
