#!/bin/bash
# Writes the broker's configuration from the environment, then runs it in the foreground.
set -euo pipefail

cat >"$RABBITMQ_CONFIG_FILE" <<CONF
listeners.tcp.default = 5672
management.tcp.port = 15672
loopback_users = none
default_user = ${RABBITMQ_DEFAULT_USER:-guest}
default_pass = ${RABBITMQ_DEFAULT_PASS:-guest}
disk_free_limit.absolute = ${RABBITMQ_DISK_FREE_LIMIT:-50MB}
CONF
if [ -n "${RABBITMQ_ERLANG_COOKIE:-}" ]; then
    # A cluster's nodes must share the cookie (a Kubernetes secret); a single node makes its own.
    umask 077
    printf '%s' "$RABBITMQ_ERLANG_COOKIE" >"$HOME/.erlang.cookie"
fi

exec rabbitmq-server "$@"
