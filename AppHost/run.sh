#!/usr/bin/env bash
# Runs the whole platform locally: installs PostgreSQL and RabbitMQ on a fresh Debian/Ubuntu machine if they are
# missing (the AppHost runs them from the machine's binaries; no Docker needed), then builds and starts everything.
# Options are passed to the AppHost: see `AppHost/run.sh --help`. Given ConnectionStrings__postgres and
# ConnectionStrings__eventbus, it uses those instead and needs neither package.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${ConnectionStrings__postgres:-}" ] || [ -z "${ConnectionStrings__eventbus:-}" ]; then
    bash "$here/install-prerequisites.sh"
fi
command -v dotnet > /dev/null || { echo "dotnet not found: install the .NET 10 SDK and put 'dotnet' on PATH." >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

exec dotnet run --project "$here/KaPlatform.AppHost" -- "$@"
