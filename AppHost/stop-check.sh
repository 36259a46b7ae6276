#!/usr/bin/env bash
# Proves that stopping the AppHost leaves no process behind: starts the built AppHost (Release) on a throwaway data
# directory, waits until the gateway is healthy, stops it with the given signal (TERM, INT or KILL — kill -9 runs
# none of the AppHost's own code), and fails if any process of that run is still alive 60 s later.
# Usage: AppHost/stop-check.sh TERM|INT|KILL     (tests/run.sh runs it with TERM and KILL)
set -euo pipefail
signal="${1:?usage: stop-check.sh TERM|INT|KILL}"
here="$(cd "$(dirname "$0")" && pwd)"
apphost="$here/KaPlatform.AppHost/bin/Release/net10.0/KaPlatform.AppHost.dll"
[ -f "$apphost" ] || { echo "build first: dotnet build AppHost/KaPlatform.AppHost -c Release" >&2; exit 2; }

data="$(mktemp -d /tmp/ka-stop-XXXXXX)"
chmod 755 "$data" # PostgreSQL runs as the postgres user when we are root
port=$(( 20000 + RANDOM % 9000 ))
ASPNETCORE_URLS="http://127.0.0.1:$(( port + 1 ))" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$(( port + 2 ))" \
ASPIRE_ALLOW_UNSECURED_TRANSPORT=true DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development \
  dotnet "$apphost" --KaPlatform:DataDirectory="$data" --KaPlatform:GatewayPort="$port" --KaPlatform:Seed=none > "$data.log" 2>&1 &
apphost_pid=$!
launched=$(date +%s%N)

for _ in $(seq 1 1200); do
  grep -q "Gateway: http" "$data.log" && break
  kill -0 "$apphost_pid" 2>/dev/null || { cat "$data.log"; echo "AppHost exited before it was healthy" >&2; exit 1; }
  sleep 0.5
done
grep -q "Gateway: http" "$data.log" || { tail -50 "$data.log"; echo "not healthy within 600 s" >&2; kill -TERM "$apphost_pid"; exit 1; }

echo "start to all-healthy: $(( ($(date +%s%N) - launched) / 1000000 )) ms"

# Everything the orchestrator runs descends from its DCP process, which watches the AppHost's PID.
descendants() {
  local children
  children=$(ps -eo pid=,ppid= | awk -v p="$1" '$2 == p { print $1 }')
  for c in $children; do echo "$c"; descendants "$c"; done
}
dcp=$(pgrep -f "dcp start-apiserver --monitor $apphost_pid" | head -1)
tree=$(descendants "$dcp" | sort -u)
echo "running: AppHost $apphost_pid, DCP $dcp, $(echo "$tree" | wc -w) processes under it (postgres, rabbitmq, epmd, services, gateway, dashboard)"

start=$(date +%s)
kill "-$signal" "$apphost_pid"
left=""
for _ in $(seq 1 120); do
  left=""
  for p in $apphost_pid $dcp $tree; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
  [ -z "$left" ] && break
  sleep 0.5
done
if [ -n "$left" ]; then
  echo "SIG$signal: processes still running after 60 s:" >&2
  ps -o pid,args -p "$(echo $left | tr ' ' ',')" >&2 || true
  kill -KILL $left 2>/dev/null || true
  exit 1
fi
echo "SIG$signal: all $(( $(echo "$tree" | wc -w) + 2 )) processes gone in $(( $(date +%s) - start )) s"
rm -rf "$data" "$data.log"
