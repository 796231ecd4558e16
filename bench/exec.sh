#!/usr/bin/env bash
# Terminal echo round-trip benchmark: Portal's /hubs/exec against a raw hijacked exec stream,
# in one run. See bench/README.md ("Exec").
#
#   bench/exec.sh [--count N] [--out FILE]
#
#   --count N   measured round trips (after 20 warm-up)   default 200, max 5000
#   --out FILE  markdown report                          default bench/results/exec.md
#
# Publishes src/Web, starts Portal on a free loopback port with a temp data folder and a random
# admin password, runs the measurement (one labelled container, removed afterwards), stops
# Portal and deletes the temp folder. Traffic goes only to 127.0.0.1 and the Docker socket.
set -euo pipefail
count=200 out=""
while (($#)); do
    case "$1" in
        --count) count="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        *) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
((count >= 1 && count <= 5000)) || { echo "--count must be 1..5000" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${out:-$root/bench/results/exec.md}"
image="${PORTAL_TEST_IMAGE:-portal-test/busybox:latest}"
tmp="$(mktemp -d)"
pid=""
relay_pid=""
# Each step may find its process gone already; under set -e a failed kill must not skip the rest.
cleanup() {
    if [[ -n "$relay_pid" ]]; then kill "$relay_pid" 2>/dev/null || true; fi
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

dotnet publish "$root/src/Web" -c Release -o "$tmp/portal" --nologo -v quiet >/dev/null
dotnet build "$root/bench/Portal.ExecBench" -c Release --nologo -v quiet >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(cd "$tmp/portal" && PORTAL_BIND=127.0.0.1 PORTAL_PORT="$port" PORTAL_DATA="$tmp/data" PORTAL_ADMIN_PASSWORD="$password" \
    ASPNETCORE_ENVIRONMENT=Production exec dotnet Portal.Web.dll >"$tmp/portal.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/login" && break
    sleep 0.5
done
curl -sf -o /dev/null "http://127.0.0.1:$port/login" || { echo "Portal did not start; its log:" >&2; cat "$tmp/portal.log" >&2; exit 1; }
relay_port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
dotnet "$root/bench/Portal.ExecBench/bin/Release/net10.0/Portal.ExecBench.dll" relay "$relay_port" >"$tmp/relay.log" 2>&1 &
relay_pid=$!
for _ in $(seq 1 60); do
    curl -s -o /dev/null "http://127.0.0.1:$relay_port/" && break
    sleep 0.5
done
dotnet "$root/bench/Portal.ExecBench/bin/Release/net10.0/Portal.ExecBench.dll" "http://127.0.0.1:$port" "$password" "$image" "$count" "$out" "http://127.0.0.1:$relay_port"
kill "$relay_pid" 2>/dev/null && wait "$relay_pid" 2>/dev/null || true
