#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL and RabbitMQ, started once for the run (not per test).
# Usage: bash tests/run.sh [extra dotnet test arguments]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

bash AppHost/install-prerequisites.sh --browser
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MASSTRANSIT_USAGE_TELEMETRY=false

dotnet build KaPlatform.sln -c Release -nologo -v q

work="$(mktemp -d /tmp/ka-testrun-XXXXXX)"
# One PostgreSQL and one RabbitMQ for the whole run: Testcontainers with our images (deploy/images) when a Docker
# engine answers (deploy/ci-containers.sh start), else this machine's binaries.
dotnet tests/KaPlatform.TestEnvironment/bin/Release/net10.0/KaPlatform.TestEnvironment.dll "$work" > "$work/infra.log" 2>&1 &
infra=$!
cleanup() {
  kill -TERM "$infra" 2>/dev/null && wait "$infra" 2>/dev/null || true
}
trap cleanup EXIT

# Up to 3 minutes: containers on a busy machine start slower than the binaries.
for _ in $(seq 1 1800); do
  [ -f "$work/env" ] && break
  kill -0 "$infra" 2>/dev/null || { cat "$work/infra.log"; echo "test infrastructure failed to start" >&2; exit 1; }
  sleep 0.1
done
[ -f "$work/env" ] || { cat "$work/infra.log"; echo "test infrastructure not ready after 180 s" >&2; exit 1; }
set -a; . "$work/env"; set +a
infra_path="$(grep -m1 '^test infrastructure:' "$work/infra.log" || echo "test infrastructure: unknown (see $work/infra.log)")"
echo "$infra_path"

start=$(date +%s)
status=0
# The code's one format (.editorconfig): whitespace only, no build needed.
echo "format check (dotnet format whitespace --folder --verify-no-changes)"
format_note=""
if ! dotnet format whitespace --folder --verify-no-changes > "$work/format.log" 2>&1; then
  status=1
  format_note="format check FAILED: $(grep -c 'error WHITESPACE' "$work/format.log") places differ from .editorconfig (dotnet format whitespace --folder fixes them)"
  head -20 "$work/format.log"
fi
# The workspace's pure helpers (formatting, texts, dates) under node's own test runner: seconds, no browser.
echo "workspace unit tests (node --test tests/workspace-unit/)"
node --test tests/workspace-unit/ > "$work/node.log" 2>&1 || { status=1; grep -B2 -A20 '^not ok' "$work/node.log" | head -80; }
grep -E '^# (tests|pass|fail) ' "$work/node.log" | tr '\n' ' '; echo
dotnet test --solution KaPlatform.sln -c Release --no-build "$@" 2>&1 | tee "$work/test.log" || status=$?

# The AppHost leaves no process behind when stopped with SIGTERM or killed with SIGKILL (it runs nothing on kill -9).
for signal in TERM KILL; do
  bash AppHost/stop-check.sh "$signal" 2>&1 | tee -a "$work/test.log" || status=1
done

# One plain closing line for CI: "N passed, N failed" summed over every test assembly.
# CI shows the tail of the output: repeat each failing test with its first lines of detail just before the summary.
if grep -q '^failed ' "$work/test.log"; then
  echo "--- failing tests ---"
  grep -A10 '^failed ' "$work/test.log" | cut -c1-300 | grep -v '^--$' || true
fi
summary=$(awk '/^  failed:/{f=$2} /^  succeeded:/{s=$2} /^  skipped:/{k=$2} /^# pass /{s+=$3} /^# fail /{f+=$3} END{printf "%d passed, %d failed, %d skipped", s, f, k}' "$work/test.log" "$work/node.log")
echo "$infra_path"
echo "Wall time: $(( $(date +%s) - start )) s"
[ -z "$format_note" ] || echo "$format_note"
echo "$summary"
exit $status
