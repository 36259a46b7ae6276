#!/usr/bin/env bash
# Runs the whole platform locally through its .NET Aspire AppHost: installs PostgreSQL and RabbitMQ on a fresh
# Debian/Ubuntu machine if they are missing (the AppHost runs them from the machine's binaries; no Docker needed),
# builds in Release, and starts everything with the Aspire dashboard. Ctrl+C stops everything it started.
set -euo pipefail

usage() {
  cat <<'TEXT'
Usage: AppHost/run.sh [options]

Starts PostgreSQL, RabbitMQ, the four services, the gateway, the bundled OpenID Connect provider and the demo seed
as one Aspire application, with the Aspire dashboard (logs, traces, metrics of every process).

Options:
  --gateway-port N     Port of the gateway on 127.0.0.1 (default 8080; 0 picks a free one).
  --dashboard-port N   Port of the Aspire dashboard (default: the gateway's port + 10000, e.g. 18080).
  --data DIR           Data directory (default .ka/ at the repository root). Survives restarts.
  --reset              Delete everything in the data directory first.
  --seed demo|none     Create demo users' accounts through the gateway on first run (default demo).
  --dev-tokens         Offer POST /api/dev/token on the gateway (shared-key tokens, for scripts and tests)
                       instead of starting the bundled OpenID Connect provider.
  --no-dev-tokens      The default: people sign in at the bundled provider (or at Auth__Authority, if given).
  --identity-port N    Port of the bundled provider (default: the gateway's port + 10002, e.g. 18082).
  --replicas N         Run N instances of each service behind one address (default 1).
  --containers         Run PostgreSQL and RabbitMQ as containers when a container engine answers.
  --debug              Run the Debug build instead of Release, the services in the Development environment
                       (Release runs them as Production).
  -h, --help           Show this text.

Environment:
  ConnectionStrings__postgres   Use this PostgreSQL (admin connection string) instead of starting one.
  ConnectionStrings__eventbus   Use this RabbitMQ (amqp://user:pass@host:port) instead of starting one.
  AppHost__DashboardApiKey      API key for the dashboard's telemetry API (/api/telemetry/*, header X-API-Key).
  Auth__Authority, Auth__Audience, Auth__Claims__*   A real OpenID Connect provider: the bundled one is not started.
  Auth__*, Business__*, Database__*, Gateway__*, Hosting__*, Messaging__*, Telemetry__*, Workspace__*   Passed on to the projects they configure
                                (e.g. Telemetry__TraceSampleRatio=1 records every trace; default 0.1).
TEXT
}

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
gateway_port=8080 dashboard_port="" identity_port="" configuration=Release
settings=()
value() { [ $# -ge 2 ] && [ -n "$2" ] || { echo "$1 needs a value (run with --help)" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --gateway-port) value "$@"; gateway_port="$2"; shift ;;
    --gateway-port=*) gateway_port="${1#*=}" ;;
    --dashboard-port) value "$@"; dashboard_port="$2"; shift ;;
    --dashboard-port=*) dashboard_port="${1#*=}" ;;
    --identity-port) value "$@"; identity_port="$2"; shift ;;
    --identity-port=*) identity_port="${1#*=}" ;;
    --data) value "$@"; settings+=("--KaPlatform:DataDirectory=$(realpath -m "$2")"); shift ;;
    --data=*) settings+=("--KaPlatform:DataDirectory=$(realpath -m "${1#*=}")") ;;
    --reset) settings+=("--KaPlatform:Reset=true") ;;
    --seed) value "$@"; settings+=("--KaPlatform:Seed=$2"); shift ;;
    --seed=*) settings+=("--KaPlatform:Seed=${1#*=}") ;;
    --dev-tokens) settings+=("--KaPlatform:DevTokens=true") ;;
    --no-dev-tokens) settings+=("--KaPlatform:DevTokens=false") ;;
    --replicas) value "$@"; settings+=("--KaPlatform:Replicas=$2"); shift ;;
    --replicas=*) settings+=("--KaPlatform:Replicas=${1#*=}") ;;
    --containers) settings+=("--KaPlatform:Containers=true") ;;
    --debug) configuration=Debug ;;
    *) echo "Unknown option '$1' (run with --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$gateway_port" =~ ^[0-9]+$ ]] && [ "$gateway_port" -le 65535 ] || { echo "--gateway-port needs a port number, not '$gateway_port'" >&2; exit 2; }
if [ -z "$dashboard_port" ]; then
  # Fixed and derived, so two platforms on two gateway ports never collide; below 32768 (the ephemeral range here)
  # and above 1023 (no privileged port).
  dashboard_port=$(( gateway_port == 0 ? 18888 : gateway_port + 10000 < 32768 ? gateway_port + 10000 : gateway_port - 10000 ))
fi
if [ -z "$identity_port" ]; then
  # Fixed, so the issuer in people's tokens stays the same across restarts; 0 picks a free one.
  identity_port=$(( gateway_port == 0 ? 0 : gateway_port + 10002 < 32768 ? gateway_port + 10002 : gateway_port - 9998 ))
fi
settings+=("--KaPlatform:GatewayPort=$gateway_port" "--KaPlatform:IdentityPort=$identity_port")

if [ -z "${ConnectionStrings__postgres:-}" ] || [ -z "${ConnectionStrings__eventbus:-}" ]; then
  bash "$here/install-prerequisites.sh"
fi
command -v dotnet > /dev/null || { echo "dotnet not found: install the .NET 10 SDK and put 'dotnet' on PATH." >&2; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The AppHost starts each project with `dotnet run --no-build` in its own configuration: build them all once here.
dotnet build "$here/KaPlatform.AppHost" -c "$configuration" -nologo -v q

# The dashboard on plain http (no developer certificate needed); the AppHost prints its login URL with the token.
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export ASPNETCORE_URLS="http://127.0.0.1:$dashboard_port"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$(( dashboard_port + 1 ))"
export ASPIRE_ALLOW_UNSECURED_TRANSPORT=true

cd "$repo"
exec dotnet "$here/KaPlatform.AppHost/bin/$configuration/net10.0/KaPlatform.AppHost.dll" "${settings[@]}"
