#!/usr/bin/env bash
# Environments bench (issue 17): Portal in front of three engines of the bench's own.
#
#   bench/environments.sh [--containers N] [--duration S] [--out FILE] [--label TEXT]
#
#   --containers N   containers made on each engine (default 1000, at most 2000)
#   --duration S     each wrk run (default 10, at most 60)
#   --out FILE       markdown file the table is appended to (default bench/results/environments.md)
#   --label TEXT     heading of this run's table (default: the checkout's commit)
#
# What it does: starts three dockerd of its own, each in a network namespace it makes (own data root,
# exec root, pid file and unix socket; no TCP, nothing leaves the host), imports the offline test image
# and creates N stopped containers in each; publishes src/Web and starts it on 127.0.0.1 with a temp data
# folder; registers the three engines as socket environments through POST /api/v1/environments and waits
# until the catalog lists every container. Then, with wrk at 20 connections, same run:
#   - one environment's containers list vs the all-environments list (?environment=all): ratio;
#   - the environments overview (/api/v1/environments, what the home page shows) and the lists with all
#     three up, then with one engine killed (SIGKILL): the difference in ms.
# Removes the daemons, namespaces and folders it made. Every step is bounded by `timeout`.
set -euo pipefail

containers=1000 duration=10 out="" label=""
usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case "$1" in
        --containers) containers="${2:?}"; shift 2 ;;
        --duration) duration="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        --label) label="${2:?}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ $containers =~ ^[0-9]+$ ]] && ((containers >= 1 && containers <= 2000)) || { echo "--containers must be 1..2000" >&2; exit 2; }
[[ $duration =~ ^[0-9]+$ ]] && ((duration >= 2 && duration <= 60)) || { echo "--duration must be 2..60" >&2; exit 2; }

caller_pwd="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
out="${out:-$repo/bench/results/environments.md}"
[[ $out == /* ]] || out="$caller_pwd/$out"
label="${label:-$(git log -1 --format='%h %s' 2>/dev/null | cut -c1-80)}"
source "$repo/scripts/lib/prereqs.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
[[ $EUID -eq 0 ]] || die "the bench starts engines in network namespaces: run it as root"

ensure_packages wrk curl jq iproute2
ensure_dotnet
ensure_engine
ensure_test_image

tmp="$(mktemp -d /tmp/portal-envs.XXXXXX)"
token8="$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
password="envs-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
portal_pid=""
names=(bench-a bench-b bench-c)

ns_of() { echo "pbe-$token8-$1"; }
sock_of() { echo "$tmp/$1/docker.sock"; }
edocker() { docker -H "unix://$(sock_of "$1")" "${@:2}"; }

start_engine() {
    local n="$1" ns dir
    ns="$(ns_of "$n")" dir="$tmp/$n"
    mkdir -p "$dir/data" "$dir/exec"
    echo '{}' >"$dir/daemon.json"
    ip netns add "$ns"
    nsenter --net="/run/netns/$ns" ip link set lo up
    # nsenter, not `ip netns exec` (that remounts /sys and hides the cgroup mounts dockerd needs).
    setsid nohup nsenter --net="/run/netns/$ns" dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" \
        --exec-root "$dir/exec" --pidfile "$dir/dockerd.pid" --host "unix://$(sock_of "$n")" >"$dir/dockerd.log" 2>&1 </dev/null &
    for ((i = 0; i < 900; i++)); do
        edocker "$n" version >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    tail -n 20 "$dir/dockerd.log" >&2
    die "engine $n did not answer"
}

stop_engine() {
    local pidfile="$tmp/$1/dockerd.pid"
    [[ -f $pidfile ]] || return 0
    local pid
    pid="$(cat "$pidfile")"
    kill -KILL "$pid" 2>/dev/null || true
    timeout 30 tail --pid="$pid" -f /dev/null 2>/dev/null || true
    # containerd-shims of a killed daemon would keep the folder busy.
    pkill -KILL -f "$tmp/$1/" 2>/dev/null || true
    rm -f "$pidfile"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    if [[ -n $portal_pid ]]; then
        kill -TERM "$portal_pid" 2>/dev/null
        timeout 20 tail --pid="$portal_pid" -f /dev/null
        kill -KILL "$portal_pid" 2>/dev/null
    fi
    for n in "${names[@]}"; do
        stop_engine "$n"
        ip netns delete "$(ns_of "$n")" 2>/dev/null
    done
    grep -F "$tmp/" /proc/mounts | awk '{ print $2 }' | sort -r | xargs -r -n1 umount -l 2>/dev/null
    rm -rf "$tmp"
    step "environments bench finished (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

for n in "${names[@]}"; do
    step "engine $n in netns $(ns_of "$n")"
    start_engine "$n"
    _pdocker save "$PORTAL_TEST_IMAGE" | edocker "$n" load -q >/dev/null
done

step "creating $containers containers on each engine"
made=$(date +%s.%N)
for n in "${names[@]}"; do
    seq 1 "$containers" | timeout 1200 xargs -P 4 -I{} docker -H "unix://$(sock_of "$n")" create --label portal-bench=envs \
        --name "c{}" "$PORTAL_TEST_IMAGE" sleep 3600 >/dev/null
done
made_s=$(awk -v a="$made" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')

step "publishing src/Web"
lock=()
[[ -z ${PORTAL_BUILD_LOCK:-} ]] || lock=(flock "$PORTAL_BUILD_LOCK")
"${lock[@]}" timeout 900 dotnet publish "$repo/src/Web/Portal.Web.csproj" -c Release -o "$tmp/publish" -nologo -v quiet -clp:NoSummary \
    >"$tmp/publish.log" 2>&1 || { tail -n 30 "$tmp/publish.log" >&2; die "publish failed"; }
port="$(_free_port)"
base="http://127.0.0.1:$port"
(
    cd "$tmp/publish"
    export PORTAL_DATA="$tmp/portal-data" PORTAL_PORT="$port" PORTAL_BIND=127.0.0.1 PORTAL_ADMIN_PASSWORD="$password"
    export PORTAL_ENGINE="unix://${PORTAL_DOCKER_SOCK}" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
    exec dotnet Portal.Web.dll
) >"$tmp/portal.log" 2>&1 </dev/null &
portal_pid=$!
for ((i = 0; i < 600; i++)); do
    kill -0 "$portal_pid" 2>/dev/null || { tail -n 30 "$tmp/portal.log" >&2; die "Portal exited during start"; }
    [[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' "$base/healthz")" == 200 ]] && break
    sleep 0.1
done
token="$(curl --noproxy '*' -sf --max-time 30 -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\",\"name\":\"envs\"}" "$base/api/v1/auth/token" | jq -r .token)"
[[ -n $token && $token != null ]] || die "no token"
auth="Authorization: Bearer $token"

total_of() { curl --noproxy '*' -s --max-time 30 -H "$auth" -D - -o /dev/null "$base$1" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-total-count" { print $2 }'; }
for n in "${names[@]}"; do
    body="$(jq -n --arg name "$n" --arg uri "unix://$(sock_of "$n")" '{ name: $name, kind: "socket", uri: $uri }')"
    code="$(curl --noproxy '*' -s -o "$tmp/created.json" -w '%{http_code}' --max-time 30 -H "$auth" -H 'Content-Type: application/json' -d "$body" "$base/api/v1/environments")"
    [[ $code == 201 || $code == 200 ]] || { cat "$tmp/created.json" >&2; die "POST /api/v1/environments answered $code"; }
done
step "waiting for the catalog to list $containers containers on each"
synced=$(date +%s.%N)
for n in "${names[@]}"; do
    for ((i = 0; i < 1200; i++)); do
        [[ "$(total_of "/api/v1/environments/$n/containers?all=true")" == "$containers" ]] && break
        sleep 0.25
    done
    [[ "$(total_of "/api/v1/environments/$n/containers?all=true")" == "$containers" ]] || die "the catalog of $n never reached $containers"
done
synced_s=$(awk -v a="$synced" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
all_total="$(total_of "/api/v1/containers?all=true&environment=all")"

cat >"$tmp/auth.lua" <<EOF
wrk.headers["Authorization"] = "Bearer $token"
EOF
# mean_ms PATH: mean latency in ms of wrk at 20 connections for --duration seconds.
mean_ms() {
    timeout $((duration + 30)) wrk -t2 -c20 -d"${duration}s" --timeout 10s --latency -s "$tmp/auth.lua" "$base$1" 2>&1 |
        awk '/^ +Latency +[0-9]/ { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                                   printf "%.1f", (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v); exit }'
}
overview="/api/v1/environments"
one="/api/v1/environments/bench-a/containers?all=true"
all="/api/v1/containers?all=true&environment=all"
step "all up: overview, one environment's list, all environments' list"
up_overview=$(mean_ms "$overview")
up_one=$(mean_ms "$one")
up_all=$(mean_ms "$all")

step "killing engine bench-c"
stop_engine bench-c
for ((i = 0; i < 300; i++)); do
    [[ "$(curl --noproxy '*' -s --max-time 5 -H "$auth" "$base/api/v1/environments/bench-c" | jq -r '.state // .status.state // empty' 2>/dev/null | tr 'A-Z' 'a-z')" == unavailable ]] && break
    sleep 0.1
done
down_overview=$(mean_ms "$overview")
down_one=$(mean_ms "$one")
down_all=$(mean_ms "$all")
dead_call_ms="$(curl --noproxy '*' -s -o /dev/null -w '%{time_total}' --max-time 10 -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"image\":\"$PORTAL_TEST_IMAGE\"}" "$base/api/v1/environments/bench-c/containers" | awk '{ printf "%.0f", $1 * 1000 }')"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
diff_ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f", a - b }'; }
mkdir -p "$(dirname "$out")"
{
    echo
    echo "## $label"
    echo
    echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M') UTC; three engines of the bench's own (netns, unix socket), $containers containers each (made in ${made_s} s); catalog in step ${synced_s} s after the environments were added; all-environments list total $all_total. wrk, 2 threads, 20 connections, ${duration} s, mean latency."
    echo
    echo "| request | all up (ms) | bench-c dead (ms) | dead − up |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| environments overview \`$overview\` | $up_overview | $down_overview | $(diff_ms "$down_overview" "$up_overview") |"
    echo "| one environment's containers \`$one\` | $up_one | $down_one | $(diff_ms "$down_one" "$up_one") |"
    echo "| all environments' containers \`$all\` | $up_all | $down_all | $(diff_ms "$down_all" "$up_all") |"
    echo
    echo "All environments ÷ one environment, all up: **$(ratio "$up_all" "$up_one")×** (aim ≤ 2×). A run on the dead environment answered in $dead_call_ms ms (aim ≤ 100)."
} >>"$out"
step "appended to $out"
tail -n 12 "$out"
