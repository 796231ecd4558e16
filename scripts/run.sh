#!/usr/bin/env bash
# Portal: run the portal on this machine (as root on a fresh Debian 12 is fine).
#
#   PORTAL_DATA            data folder (SQLite, keys)        default <repo>/data
#   PORTAL_BIND            listen address                    default 127.0.0.1
#   PORTAL_PORT            listen port                       default 5080
#   PORTAL_ENGINE          Docker endpoint                   default unix:///var/run/docker.sock
#   PORTAL_ADMIN_PASSWORD  initial admin password            passed through when set
#
# Installs what is missing, starts dockerd when the local socket does not answer,
# publishes src/Web to <repo>/.publish and runs it in the foreground (Production).
set -euo pipefail

caller_pwd="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
# shellcheck source=SCRIPTDIR/lib/prereqs.sh
source "$repo/scripts/lib/prereqs.sh"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Relative PORTAL_DATA is taken from where the script was called; the default lives in the repo.
data="${PORTAL_DATA:-$repo/data}"
[[ $data == /* ]] || data="$caller_pwd/$data"
mkdir -p "$data"
data="$(cd "$data" && pwd -P)"
bind="${PORTAL_BIND:-127.0.0.1}"
port="${PORTAL_PORT:-5080}"
engine="${PORTAL_ENGINE:-unix:///var/run/docker.sock}"

ensure_packages curl
ensure_dotnet
case "$engine" in
    unix://*)
        export PORTAL_DOCKER_SOCK="${engine#unix://}"
        ensure_engine
        # The volume browser reads files through helper containers made from a local image;
        # the default one is imported offline from Debian's busybox-static.
        if [[ -z ${PORTAL_HELPER_IMAGE:-} ]]; then
            PORTAL_TEST_IMAGE=portal-test/busybox:latest ensure_test_image
        fi
        ;;
    *) step "engine $engine (remote: not started here)" ;;
esac

publish="$repo/.publish"
log="$(mktemp /tmp/portal-publish.XXXXXX.log)"
step "dotnet publish src/Web -> .publish"
if ! dotnet publish src/Web/Portal.Web.csproj -c Release -o "$publish" -nologo -v quiet -clp:NoSummary >"$log" 2>&1; then
    echo "publish FAILED (full log: $log):" >&2
    grep -E ': error [A-Z]*[0-9]+' "$log" | sort -u | head -n 60 >&2 || tail -n 40 "$log" >&2
    exit 1
fi
rm -f "$log"

export PORTAL_DATA="$data" PORTAL_BIND="$bind" PORTAL_PORT="$port" PORTAL_ENGINE="$engine"
export ASPNETCORE_ENVIRONMENT=Production
# glibc makes up to 8 malloc arenas per core for the runtime's and SQLite's native allocations; they
# grow apart and are seldom given back (bench/results/soak.md). Two are plenty for Portal's threads.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
[[ -z ${PORTAL_ADMIN_PASSWORD+x} ]] || export PORTAL_ADMIN_PASSWORD

host="$bind"
[[ $host != *:* ]] || host="[$host]" # IPv6 literal
echo "Portal: http://$host:$port"
# Content root = the publish folder, so wwwroot and the static web assets are found.
cd "$publish"
exec dotnet Portal.Web.dll
