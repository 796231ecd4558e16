#!/usr/bin/env bash
# Portal list-latency benchmark: Portal's REST container list against the raw Engine API and
# the docker CLI, measured in the same run. See bench/README.md.
#
#   bench/run.sh [--containers N] [--iterations M] [--warmup W] [--parallel P] [--no-resync]
#
#   --containers N   bench containers to create (created, not started)   default 1000, max 5000
#   --iterations M   measured iterations per request                      default 30, max 1000
#   --warmup W       warm-up iterations, not recorded                     default 5
#   --parallel P     parallel Engine API calls for create and remove      default 16, max 64
#   --no-resync      skip the two Portal restarts that time a full catalog resync
#   --logs-only      skip the list benchmark; run only the logs benchmark
#   --no-logs        skip the logs benchmark
#   --lines L        lines of the logs throughput run (hub vs raw)       default 200000, max 1000000
#   --viewers V      hub viewers of one container in the fan-out run    default 100, max 200
#   --logs-out FILE  where to write the logs markdown  default bench/results/logs.md
#   --out FILE       where to write the markdown    default bench/results/list-latency.md
#   --logs DIR       keep Portal's logs (portal-1.log setup, -2 warm restart, -3 cold restart) there
#
# It publishes src/Web, starts Portal on a free loopback port with a temp data folder, creates the
# containers through the Engine API (label portal-bench.session=<uuid>, io.portal.team=bench),
# waits for Portal's catalog, restarts Portal twice to time the resync, measures, and removes
# exactly its own containers, stops Portal and deletes its temp folder, also on Ctrl-C or failure.
# Traffic goes only to 127.0.0.1 and the local Docker socket.
set -euo pipefail

containers=1000 iterations=30 warmup=5 parallel=16 resync=1 out="" logs="" list=1 logbench=1 lines=200000 viewers=100 logs_out=""
usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case "$1" in
        --containers) containers="${2:?}"; shift 2 ;;
        --iterations) iterations="${2:?}"; shift 2 ;;
        --warmup) warmup="${2:?}"; shift 2 ;;
        --parallel) parallel="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        --logs) logs="${2:?}"; shift 2 ;;
        --no-resync) resync=0; shift ;;
        --logs-only) list=0; shift ;;
        --no-logs) logbench=0; shift ;;
        --lines) lines="${2:?}"; shift 2 ;;
        --viewers) viewers="${2:?}"; shift 2 ;;
        --logs-out) logs_out="${2:?}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
for v in containers iterations warmup parallel lines viewers; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "--$v must be a whole number" >&2; exit 2; }
done
((containers >= 1 && containers <= 5000)) || { echo "--containers must be 1..5000" >&2; exit 2; }
((iterations >= 1 && iterations <= 1000)) || { echo "--iterations must be 1..1000" >&2; exit 2; }
((warmup <= 1000)) || { echo "--warmup must be 0..1000" >&2; exit 2; }
((parallel >= 1 && parallel <= 64)) || { echo "--parallel must be 1..64" >&2; exit 2; }

caller_pwd="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
out="${out:-$repo/bench/results/list-latency.md}"
[[ $out == /* ]] || out="$caller_pwd/$out"
logs_out="${logs_out:-$repo/bench/results/logs.md}"
[[ $logs_out == /* ]] || logs_out="$caller_pwd/$logs_out"
[[ -z $logs || $logs == /* ]] || logs="$caller_pwd/$logs"
# shellcheck source=SCRIPTDIR/../scripts/lib/prereqs.sh
source "$repo/scripts/lib/prereqs.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

run_started=$SECONDS
tmp="$(mktemp -d /tmp/portal-bench.XXXXXX)"
session="$(cat /proc/sys/kernel/random/uuid)"
password="bench-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
port=""
portal_pid=""
bench_dll="$repo/bench/Portal.Bench/bin/Release/net10.0/Portal.Bench.dll"
bench_built=0

stop_portal() {
    [[ -n $portal_pid ]] || return 0
    if kill -0 "$portal_pid" 2>/dev/null; then
        kill -TERM "$portal_pid" 2>/dev/null || true
        local i
        for ((i = 0; i < 150; i++)); do
            kill -0 "$portal_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -0 "$portal_pid" 2>/dev/null && kill -KILL "$portal_pid" 2>/dev/null || true
    fi
    wait "$portal_pid" 2>/dev/null || true
    portal_pid=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    stop_portal
    # Remove exactly this session's containers: the bench's own parallel remover first, then the
    # CLI as a backstop (for example when the build failed half-way through a run).
    if ((bench_built)); then
        dotnet "$bench_dll" cleanup --session "$session" --parallel "$parallel" --socket "$PORTAL_DOCKER_SOCK"
    fi
    local left
    left="$(_pdocker ps -aq --filter "label=portal-bench.session=$session" 2>/dev/null)"
    if [[ -n $left ]]; then
        step "removing $(wc -l <<<"$left") leftover containers with the docker CLI"
        xargs -r -n 50 -P 4 docker -H "unix://${PORTAL_DOCKER_SOCK}" rm -f -v <<<"$left" >/dev/null
    fi
    if [[ -n $logs ]]; then
        mkdir -p "$logs" && cp "$tmp"/portal-*.log "$logs"/ 2>/dev/null && step "Portal logs kept in $logs"
    fi
    rm -rf "$tmp"
    step "bench finished (exit $rc) after $((SECONDS - run_started)) s"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_portal DATA LOG: runs the published Portal in the background and waits until it answers.
start_portal() {
    local data="$1" log="$2"
    mkdir -p "$data"
    port="${port:-$(_free_port)}"
    portal_started_ms="$(date +%s%3N)"
    (
        cd "$tmp/publish"
        export PORTAL_DATA="$data" PORTAL_PORT="$port" PORTAL_BIND=127.0.0.1 PORTAL_ADMIN_PASSWORD="$password"
        export PORTAL_ENGINE="unix://${PORTAL_DOCKER_SOCK}" ASPNETCORE_ENVIRONMENT=Production
        # One line per entry with UTC millisecond timestamps: the resync step reads its timing from them.
        export Logging__Console__FormatterName=simple Logging__Console__FormatterOptions__SingleLine=true
        export Logging__Console__FormatterOptions__TimestampFormat='yyyy-MM-ddTHH:mm:ss.fffZ '
        export Logging__Console__FormatterOptions__UseUtcTimestamp=true
        exec dotnet Portal.Web.dll
    ) >"$log" 2>&1 </dev/null &
    portal_pid=$!
    local i
    for ((i = 0; i < 600; i++)); do
        if ! kill -0 "$portal_pid" 2>/dev/null; then
            tail -n 30 "$log" >&2
            die "Portal exited during start (log above)"
        fi
        if [[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/login" 2>/dev/null)" == 200 ]]; then
            step "Portal answers on http://127.0.0.1:$port after $(($(date +%s%3N) - portal_started_ms)) ms (log $log)"
            return 0
        fi
        sleep 0.1
    done
    tail -n 30 "$log" >&2
    die "Portal did not answer on http://127.0.0.1:$port within 60 s"
}

bench() { dotnet "$bench_dll" "$@" --session "$session" --state "$tmp/state" --socket "$PORTAL_DOCKER_SOCK"; }

ensure_packages curl
ensure_dotnet
ensure_engine
ensure_test_image

step "dotnet publish src/Web (Release) and build bench/Portal.Bench"
log="$tmp/build.log"
if ! dotnet publish src/Web/Portal.Web.csproj -c Release -o "$tmp/publish" -nologo -v quiet -clp:NoSummary >"$log" 2>&1 \
    || ! dotnet build bench/Portal.Bench/Portal.Bench.csproj -c Release -nologo -v quiet -clp:NoSummary >>"$log" 2>&1; then
    grep -E ': error [A-Z]*[0-9]+' "$log" | sort -u | head -n 40 >&2 || tail -n 40 "$log" >&2
    die "build failed"
fi
bench_built=1
commit="$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')"
[[ -z "$(git -C "$repo" status --porcelain -- src 2>/dev/null)" ]] || commit="$commit+dirty"
export PORTAL_BENCH_PASSWORD="$password"

step "session $session, N=$containers, M=$iterations (+$warmup warm-up), temp $tmp"
start_portal "$tmp/data" "$tmp/portal-1.log"
if ((list)); then
    bench setup --portal "http://127.0.0.1:$port/" --containers "$containers" --parallel "$parallel"

    if ((resync)); then
        step "restart Portal on the same data folder (catalog already holds the containers)"
        stop_portal
        start_portal "$tmp/data" "$tmp/portal-2.log"
        bench resync --label warm --log "$tmp/portal-2.log" --started-at-ms "$portal_started_ms"
        step "restart Portal on an empty data folder (every container is new to the catalog)"
        stop_portal
        start_portal "$tmp/data-cold" "$tmp/portal-3.log"
        bench resync --label cold --log "$tmp/portal-3.log" --started-at-ms "$portal_started_ms"
    fi

    bench measure --portal "http://127.0.0.1:$port/" --containers "$containers" --iterations "$iterations" \
        --warmup "$warmup" --commit "$commit" --out "$out"
fi

if ((logbench)); then
    step "logs: $lines lines hub vs raw, $viewers viewers of one container"
    bench logs --portal "http://127.0.0.1:$port/" --portal-pid "$portal_pid" --lines "$lines" --viewers "$viewers" \
        --image "$PORTAL_TEST_IMAGE" --out "$logs_out"
fi
