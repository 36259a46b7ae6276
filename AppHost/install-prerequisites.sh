#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks to run or test KaPlatform: PostgreSQL and RabbitMQ server binaries
# (started later in user space by the AppHost or the tests, never as system services) and checks for the .NET SDK.
# With --browser also Debian's chromium, a CJK font and Node.js, for the workspace's browser and unit tests (tests/run.sh passes it).
set -euo pipefail

need=()
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || need+=(chromium)
  fc-list 2>/dev/null | grep -qi "WenQuanYi Micro Hei" || need+=(fonts-wqy-microhei)
  # node --test runs the workspace's pure helpers (tests/workspace-unit); Debian's nodejs (18+) has the runner.
  command -v node >/dev/null || need+=(nodejs)
fi
compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null || need+=(postgresql)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)

if [ ${#need[@]} -gt 0 ]; then
  echo "Installing ${need[*]} ..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Need root (or sudo) to apt-get install ${need[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not on PATH)." >&2; exit 1; }
