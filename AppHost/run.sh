#!/usr/bin/env bash
# Runs the whole platform locally: installs PostgreSQL and RabbitMQ on a fresh Debian/Ubuntu machine if they are
# missing (the AppHost runs them from the machine's binaries; no Docker needed), then builds and starts everything.
# Options are passed to the AppHost: see `AppHost/run.sh --help`.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"

have_postgres() { compgen -G '/usr/lib/postgresql/*/bin/pg_ctl' > /dev/null; }
have_rabbitmq() { [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; }

if ! have_postgres || ! have_rabbitmq; then
    if ! command -v apt-get > /dev/null; then
        echo "PostgreSQL and/or RabbitMQ are missing and apt-get is not available: install them yourself," >&2
        echo "or point the AppHost at existing ones with ConnectionStrings__postgres and ConnectionStrings__eventbus." >&2
        exit 1
    fi
    if [ "$(id -u)" -eq 0 ]; then
        sudo=()
    elif command -v sudo > /dev/null; then
        sudo=(sudo)
    else
        echo "PostgreSQL and/or RabbitMQ are missing; installing them needs root, and sudo is not available." >&2
        exit 1
    fi
    echo "Installing PostgreSQL and RabbitMQ (once)..."
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql rabbitmq-server
fi

if ! command -v dotnet > /dev/null; then
    echo "dotnet not found: install the .NET 10 SDK (https://dot.net) and make sure 'dotnet' is on PATH." >&2
    exit 1
fi

exec dotnet run --project "$here/KaPlatform.AppHost" -- "$@"
