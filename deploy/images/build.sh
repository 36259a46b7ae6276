#!/usr/bin/env bash
# Builds the kaplatform/* images on this machine, from Debian packages only (no registry pull):
#   1. kaplatform/debian:bookworm — a minbase root file system made by mmdebstrap and loaded with `docker import`
#      (made once; --rebuild-base makes it again);
#   2. kaplatform/postgres:15 and kaplatform/rabbitmq:3.10 — Dockerfiles FROM it that add Debian's packages;
#   3. kaplatform/<process>:<VERSION> for the gateway and the four services — a self-contained `dotnet publish` on
#      this machine, copied into an image FROM the same base.
# On a machine with registry access, `--base debian:bookworm-slim` builds the same Dockerfiles FROM the official
# image instead (the only difference is the BASE build argument).
#
# usage: deploy/images/build.sh [--base IMAGE] [--rebuild-base] [--offline] [NAME...]
#   NAME: postgres rabbitmq gateway accounts-api opportunities-api contracts-api success-api (default: all)
#   --offline: build with no network and no cache (shows the failure a machine without package access gets)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VERSION="$(cat "$HERE/VERSION")"
OWN_BASE="kaplatform/debian:bookworm"
BASE="$OWN_BASE"
REBUILD_BASE=false
NETWORK=()
OUT="${KA_IMAGES_OUT:-$ROOT/artifacts/images}"
DOCKER="${DOCKER:-docker}"

declare -A PROJECTS=(
    [gateway]=gateway/KaPlatform.Gateway/KaPlatform.Gateway.csproj
    [accounts-api]=services/accounts/KaPlatform.Accounts.Api/KaPlatform.Accounts.Api.csproj
    [opportunities-api]=services/opportunities/KaPlatform.Opportunities.Api/KaPlatform.Opportunities.Api.csproj
    [contracts-api]=services/contracts/KaPlatform.Contracts.Api/KaPlatform.Contracts.Api.csproj
    [success-api]=services/success/KaPlatform.Success.Api/KaPlatform.Success.Api.csproj
)
ALL=(postgres rabbitmq gateway accounts-api opportunities-api contracts-api success-api)

names=()
while [ $# -gt 0 ]; do
    case "$1" in
        --base) BASE="$2"; shift 2 ;;
        --rebuild-base) REBUILD_BASE=true; shift ;;
        --offline) NETWORK=(--network none --no-cache); shift ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) names+=("$1"); shift ;;
    esac
done
[ ${#names[@]} -gt 0 ] || names=("${ALL[@]}")

fail() { echo "kaplatform images: $*" >&2; exit 1; }
seconds() { echo $(( $(date +%s) - $1 )); }

# The root file system is written to a temporary file and imported only when mmdebstrap succeeded, so a machine
# without package access keeps whatever base it had (or none) instead of a half-made one.
make_base() {
    if [ "$BASE" != "$OWN_BASE" ]; then return 0; fi
    if ! $REBUILD_BASE && $DOCKER image inspect "$OWN_BASE" >/dev/null 2>&1; then return 0; fi
    command -v mmdebstrap >/dev/null || fail "mmdebstrap is not installed (apt-get install mmdebstrap)"
    local started tar
    started=$(date +%s)
    tar="$(mktemp -d)/rootfs.tar"
    # ICU for culture-aware text (zh-CN), OpenSSL and CA certificates for TLS, GSSAPI (Npgsql probes it at every
    # connection; without it each start logs "Cannot load library libgssapi_krb5.so.2"); no docs, manuals or translations.
    if ! mmdebstrap --quiet --variant=minbase --include=ca-certificates,libicu72,libssl3,libgssapi-krb5-2,tzdata \
        --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
        --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
        --dpkgopt='path-exclude=/usr/share/info/*' \
        bookworm "$tar" >"$tar.log" 2>&1; then
        tail -n 5 "$tar.log" >&2
        rm -rf "$(dirname "$tar")"
        fail "mmdebstrap could not fetch Debian packages for the base image (no access to a Debian mirror?); no image was built"
    fi
    $DOCKER import -c 'CMD ["bash"]' -m "mmdebstrap minbase bookworm" "$tar" "$OWN_BASE" >/dev/null
    rm -rf "$(dirname "$tar")"
    echo "built $OWN_BASE in $(seconds "$started") s"
}

build_infra() {
    local name="$1" tag="$2" started
    started=$(date +%s)
    $DOCKER build -q --force-rm "${NETWORK[@]}" --build-arg "BASE=$BASE" -t "$tag" "$HERE/$name" >/dev/null \
        || fail "$tag was not built (see the message above); the previous $tag, if any, is unchanged"
    echo "built $tag in $(seconds "$started") s"
}

build_dotnet() {
    local name="$1" project="${PROJECTS[$1]}" started publish assembly
    started=$(date +%s)
    publish="$OUT/$name"
    rm -rf "$publish"
    dotnet publish "$ROOT/$project" -c Release -r linux-x64 --self-contained -v q -nologo -o "$publish" \
        -p:UseAppHost=true -p:GenerateDocumentationFile=false -p:IncludeSourceRevisionInInformationalVersion=false \
        >"$OUT/$name.publish.log" 2>&1 \
        || { tail -n 20 "$OUT/$name.publish.log" >&2; fail "dotnet publish of $name failed; no image was built"; }
    assembly="$(basename "$project" .csproj)"
    $DOCKER build -q --force-rm "${NETWORK[@]}" --build-arg "BASE=$BASE" --build-arg "APP=$assembly" --build-arg "NAME=$name" \
        -f "$HERE/dotnet/Dockerfile" -t "kaplatform/$name:$VERSION" "$publish" >/dev/null \
        || fail "kaplatform/$name:$VERSION was not built (see the message above)"
    echo "built kaplatform/$name:$VERSION in $(seconds "$started") s"
}

mkdir -p "$OUT"
make_base
for name in "${names[@]}"; do
    case "$name" in
        postgres) build_infra postgres kaplatform/postgres:15 ;;
        rabbitmq) build_infra rabbitmq kaplatform/rabbitmq:3.10 ;;
        *) [ -n "${PROJECTS[$name]:-}" ] || fail "unknown image $name (one of: ${ALL[*]})"; build_dotnet "$name" ;;
    esac
done
