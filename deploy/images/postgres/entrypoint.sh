#!/bin/bash
# Initialises an empty data directory from the environment, then runs the server in the foreground (PID 1 is
# postgres itself, so `docker stop` is a clean fast shutdown).
set -euo pipefail

user="${POSTGRES_USER:-postgres}"
database="${POSTGRES_DB:-$user}"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    if [ -z "${POSTGRES_PASSWORD:-}" ]; then
        echo "kaplatform/postgres: POSTGRES_PASSWORD is required to initialise a new data directory" >&2
        exit 1
    fi
    pwfile="$(mktemp)"
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS holds several words (tests pass --no-sync)
    initdb -D "$PGDATA" --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 ${POSTGRES_INITDB_ARGS:-} \
        -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    # POSTGRES_DATABASES (comma-separated) makes one database per service on a shared server.
    for name in $(echo "$database,${POSTGRES_DATABASES:-}" | tr ',' ' ' | xargs -n1 | sort -u); do
        if [ "$name" != "postgres" ]; then
            echo "CREATE DATABASE \"$name\"" | postgres --single -D "$PGDATA" -j postgres >/dev/null
        fi
    done
    echo "kaplatform/postgres: initialised $PGDATA (user $user, databases $database ${POSTGRES_DATABASES:-})"
fi

exec postgres -D "$PGDATA" -c listen_addresses='*' -c unix_socket_directories=/var/run/postgresql "$@"
