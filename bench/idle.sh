#!/usr/bin/env bash
# Idle memory bench (issue 16: "≤ 120 MB idle 20 s after a fresh start"): Portal published as the load
# bench does, started once per variant on a fresh data folder, read --settle seconds after /login first
# answers (RSS, private dirty, managed heap and GC committed from /metrics), then a short loopback wrk over
# the containers list so a setting that saves memory but costs latency shows it. Writes a markdown table.
#
#   bench/idle.sh [--src DIR | --publish DIR] [--settle S] [--wrk S] [--out FILE] [VARIANT...]
#
#   --src DIR      the Portal checkout to publish (default: this one)
#   --publish DIR  an existing publish folder to run instead (no publish)
#   --settle S     seconds after the start before the reading (default 20, 5..120)
#   --wrk S        seconds of `wrk -t1 -c8` over /api/v1/containers after the reading (default 5, 0 = none)
#   --out FILE     markdown report (default bench/results/idle.md; replaced)
#   VARIANT        NAME or NAME:VAR=VALUE,VAR=VALUE (environment for that start); default: "default"
#
# Every start is one fresh process on a fresh data folder; variants run one after the other, so on a
# shared machine compare neighbours, not runs of different days. Portal runs with MALLOC_ARENA_MAX=2
# (bench/lib/portal.sh) unless a variant sets it. Loopback only.
set -euo pipefail

src="" publish="" settle=20 wrk_s=5 out=""
usage() { sed -n '2,18p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
variants=()
while (($#)); do
    case "$1" in
        --src) src="${2:?}"; shift 2 ;;
        --publish) publish="${2:?}"; shift 2 ;;
        --settle) settle="${2:?}"; shift 2 ;;
        --wrk) wrk_s="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
        *) variants+=("$1"); shift ;;
    esac
done
[[ $settle =~ ^[0-9]+$ && $wrk_s =~ ^[0-9]+$ ]] || { echo "--settle and --wrk are whole numbers" >&2; exit 2; }
((settle >= 5 && settle <= 120)) || { echo "--settle must be 5..120" >&2; exit 2; }
((wrk_s <= 60)) || { echo "--wrk must be 0..60" >&2; exit 2; }
((${#variants[@]})) || variants=(default)
((${#variants[@]} <= 20)) || { echo "at most 20 variants" >&2; exit 2; }

caller_pwd="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
src="${src:-$repo}"
[[ $src == /* ]] || src="$caller_pwd/$src"
[[ -z $publish || $publish == /* ]] || publish="$caller_pwd/$publish"
out="${out:-$repo/bench/results/idle.md}"
[[ $out == /* ]] || out="$caller_pwd/$out"
source "$repo/scripts/lib/prereqs.sh"
source "$repo/bench/lib/portal.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_packages curl jq wrk
ensure_dotnet
ensure_engine

tmp="$(mktemp -d /tmp/portal-idle.XXXXXX)"
portal_pid=""
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    portal_stop || true
    rm -rf "$tmp"
    step "idle bench finished (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n $publish ]]; then
    ln -s "$publish" "$tmp/publish"
    measured="$publish"
else
    portal_publish "$src" "$tmp"
    measured="$(git -C "$src" log -1 --format='%h %s' | cut -c1-80)"
fi

# metric NAME: the sum of a /metrics gauge's series, in MiB.
metric() { awk -v n="$1" 'index($0, n) == 1 { s += $NF } END { printf "%.1f", s / 1048576 }' "$tmp/metrics.txt"; }
rows=()
for v in "${variants[@]}"; do
    name="${v%%:*}" settings=""
    [[ $v != *:* ]] || settings="${v#*:}"
    rm -rf "$tmp/data"
    (
        IFS=','
        for kv in $settings; do export "${kv?}"; done
        portal_start "$tmp"
        echo "$portal_pid $base $password" >"$tmp/started"
        wait "$portal_pid" 2>/dev/null || true
    ) &
    runner=$!
    for ((i = 0; i < 900; i++)); do [[ ! -s $tmp/started ]] || break; sleep 0.1; done
    [[ -s $tmp/started ]] || die "variant $name did not start"
    read -r portal_pid base password <"$tmp/started"
    rm -f "$tmp/started"
    sleep "$settle"
    rss=$(($(rss_kb) / 1024)) priv=$(($(private_kb) / 1024))
    curl --noproxy '*' -sf --max-time 10 "$base/metrics" >"$tmp/metrics.txt" || : >"$tmp/metrics.txt"
    heap=$(metric 'system_runtime_dotnet_gc_last_collection_heap_size{')
    committed=$(metric 'system_runtime_dotnet_gc_last_collection_memory_committed_size ')
    p50="" p99="" rps=""
    if ((wrk_s > 0)); then
        token="$(portal_token)"
        wrk_rotation "$tmp/list.lua" "$token" "/api/v1/containers?all=true"
        timeout 120 wrk -t1 -c8 -d"${wrk_s}s" --latency --timeout 10s -s "$tmp/list.lua" "$base" >"$tmp/wrk.txt" 2>&1 || true
        rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$tmp/wrk.txt")
        p50=$(awk '$1 == "50%" { print $2 }' "$tmp/wrk.txt")
        p99=$(awk '$1 == "99%" { print $2 }' "$tmp/wrk.txt")
    fi
    after_rss=$(($(rss_kb) / 1024))
    step "$name: RSS $rss MB, private dirty $priv MB, heap $heap MB, committed $committed MB; $rps req/s p50 $p50 p99 $p99; RSS after load $after_rss MB"
    rows+=("| $name | \`${settings:-—}\` | $rss | $priv | $heap | $committed | ${rps:-—} | ${p50:-—} | ${p99:-—} | $after_rss |")
    portal_stop || true
    wait "$runner" 2>/dev/null || true
done

mkdir -p "$(dirname "$out")"
{
    echo "# Idle memory: $measured"
    echo
    echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(date -u '+%Y-%m-%d %H:%M') UTC; Portal published Release, Production, fresh data folder per start."
    echo
    echo "Each variant: started alone, read $settle s after /login first answered; then ${wrk_s} s of \`wrk -t1 -c8\` over \`/api/v1/containers?all=true\`."
    echo
    echo "| variant | environment | RSS MB | private dirty MB | managed heap MB | GC committed MB | list req/s | p50 | p99 | RSS after the wrk MB |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
} >"$out"
step "wrote $out"
cat "$out"
