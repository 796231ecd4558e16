#!/usr/bin/env bash
# Load bench (issue 16): Portal published as scripts/run.sh does, driven by wrk on loopback.
#
#   bench/load.sh [--src DIR] [--label TEXT] [--out FILE] [--duration S] [--list-duration S]
#                 [--followers N] [--lines N] [--rounds N] [--only lists|logs] [--published DIR]
#
#   --src DIR            the Portal checkout to publish (default: this one); lets one run bench main
#   --label TEXT         heading of this run's table (default: the checkout's commit)
#   --out FILE           markdown file the table is appended to (default bench/results/load.md)
#   --duration S         mixed run length (default 60, at most 600)
#   --list-duration S    each single-list run (default 10, at most 120)
#   --followers N        logs?follow=true readers during the mixed run (default 50, at most 200)
#   --lines N            log lines for the REST logs race (default 200000, at most 2000000)
#   --rounds N           rounds of that race, median taken (default 3, at most 20); the order of
#                        raw and Portal alternates between rounds
#   --only lists|logs    run only the list part (mixed + single lists) or only the REST logs race
#   --published DIR      use DIR (a `dotnet publish` output of src/Web) instead of publishing --src;
#                        lets before/after runs alternate without publishing again
#
# What it does: publishes src/Web, starts it on 127.0.0.1:<free port> with a temp data folder,
# reads its idle RSS 20 s after it answers, makes a few labelled containers (one compose project),
# networks and volumes through the engine, then: 200 connections for --duration over the
# containers, one container, stats, images, networks, volumes and stacks lists plus the log
# followers; each list alone at 20 connections; GET .../logs?tail=all and .../logs/download of a
# container that printed --lines lines against the raw Engine API. Removes exactly what it made.
# Every step is bounded by `timeout`; nothing leaves the host (loopback and the local socket only).
set -euo pipefail

src="" label="" out="" duration=60 list_duration=10 followers=50 lines=200000 rounds=3 only="" published=""
usage() { sed -n '2,27p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case "$1" in
        --src) src="${2:?}"; shift 2 ;;
        --label) label="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        --duration) duration="${2:?}"; shift 2 ;;
        --list-duration) list_duration="${2:?}"; shift 2 ;;
        --followers) followers="${2:?}"; shift 2 ;;
        --lines) lines="${2:?}"; shift 2 ;;
        --rounds) rounds="${2:?}"; shift 2 ;;
        --only) only="${2:?}"; shift 2 ;;
        --published) published="${2:?}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
for v in duration list_duration followers lines rounds; do
    [[ ${!v} =~ ^[0-9]+$ ]] || { echo "--${v//_/-} must be a whole number" >&2; exit 2; }
done
((duration >= 5 && duration <= 600)) || { echo "--duration must be 5..600" >&2; exit 2; }
((list_duration >= 2 && list_duration <= 120)) || { echo "--list-duration must be 2..120" >&2; exit 2; }
((followers <= 200)) || { echo "--followers must be 0..200" >&2; exit 2; }
((lines >= 1 && lines <= 2000000)) || { echo "--lines must be 1..2000000" >&2; exit 2; }
((rounds >= 1 && rounds <= 20)) || { echo "--rounds must be 1..20" >&2; exit 2; }
[[ -z $only || $only == lists || $only == logs ]] || { echo "--only must be lists or logs" >&2; exit 2; }

caller_pwd="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
src="${src:-$repo}"
[[ $src == /* ]] || src="$caller_pwd/$src"
out="${out:-$repo/bench/results/load.md}"
[[ $out == /* ]] || out="$caller_pwd/$out"
[[ -z $published || $published == /* ]] || published="$caller_pwd/$published"
[[ -z $published || -f $published/Portal.Web.dll ]] || { echo "--published: no Portal.Web.dll in $published" >&2; exit 2; }
label="${label:-$(git -C "$src" log -1 --format='%h %s' 2>/dev/null | cut -c1-80 || echo "$src")}"
source "$repo/scripts/lib/prereqs.sh"
source "$repo/bench/lib/portal.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_packages wrk curl jq
ensure_dotnet
ensure_engine
ensure_test_image

tmp="$(mktemp -d /tmp/portal-load.XXXXXX)"
session="load-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
portal_pid="" follower_pids=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    ((${#follower_pids[@]})) && kill "${follower_pids[@]}" 2>/dev/null
    portal_stop
    portal_remove_labelled "portal-load.session=$session"
    rm -rf "$tmp"
    step "load bench finished (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -n $published ]]; then
    ln -s "$published" "$tmp/publish"
else
    portal_publish "$src" "$tmp"
fi
portal_start "$tmp"
if [[ $only != logs ]]; then
    step "Portal answers on $base; idle for 20 s"
    sleep 20
    idle_rss=$(rss_kb) idle_private=$(private_kb)
fi

token="$(portal_token)"
auth="Authorization: Bearer $token"

lbl=(--label "portal-load.session=$session")
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# wrk_row NAME: req/s | p50 | p99 | timeouts | non-2xx from a wrk --latency report on stdin.
wrk_row() {
    awk -v name="$1" '
        /Requests\/sec:/ { rps = $2 }
        /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
        /Socket errors:/ { for (k = 1; k <= NF; k++) if ($k == "timeout") { t = $(k + 1) } }
        /Non-2xx or 3xx responses:/ { non = $NF }
        END { printf "| %s | %.0f | %s | %s | %d | %d |\n", name, rps, p50, p99, t + 0, non + 0 }'
}

# lists_part: the mixed run and each list alone; sets mixed, singles and the memory readings.
lists_part() {
    step "making labelled objects"
    for i in $(seq 1 5); do
        _pdocker network create "${lbl[@]}" "$session-n$i" >/dev/null
        _pdocker volume create "${lbl[@]}" "$session-v$i" >/dev/null
    done
    for i in $(seq 1 10); do
        extra=()
        ((i <= 3)) && extra=(--label "com.docker.compose.project=$session" --label com.docker.compose.service=web --label "com.docker.compose.container-number=$i")
        _pdocker run -d "${lbl[@]}" "${extra[@]}" --network "$session-n$((i % 5 + 1))" -v "$session-v$((i % 5 + 1)):/data" \
            --name "$session-c$i" "$PORTAL_TEST_IMAGE" sleep 3600 >/dev/null
    done
    ticker="$(_pdocker run -d "${lbl[@]}" --name "$session-ticker" "$PORTAL_TEST_IMAGE" sh -c 'while true; do echo tick; sleep 0.2; done')"
    one="$session-c1"
    # The catalog follows the events stream; wait until it lists what was made.
    for ((i = 0; i < 300; i++)); do
        [[ "$(curl --noproxy '*' -s -H "$auth" "$base/api/v1/containers?all=true&q=$session" -D - -o /dev/null | tr -d '\r' | awk -F': ' 'tolower($1)=="x-total-count" {print $2}')" == 11 ]] && break
        sleep 0.1
    done

    paths=("/api/v1/containers?all=true" "/api/v1/containers/$one" "/api/v1/stats" "/api/v1/images" "/api/v1/networks" "/api/v1/volumes" "/api/v1/stacks")
    names=(containers "one container" stats images networks volumes stacks)
    for p in "${paths[@]}"; do
        code="$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' --max-time 30 -H "$auth" "$base$p")"
        [[ $code == 200 ]] || die "GET $p answered $code"
    done

    wrk_rotation "$tmp/mixed.lua" "$token" "${paths[@]}"
    printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$token" >"$tmp/one.lua"

    step "$followers log followers + 200 connections for ${duration} s"
    for ((i = 0; i < followers; i++)); do
        curl --noproxy '*' -sN --max-time $((duration + 60)) -H "$auth" "$base/api/v1/containers/$ticker/logs?follow=true&tail=10" >/dev/null &
        follower_pids+=($!)
    done
    sleep 2
    before_rss=$(rss_kb) before_private=$(private_kb)
    timeout $((duration + 60)) wrk -t2 -c200 -d"${duration}s" --timeout 10s --latency -s "$tmp/mixed.lua" "$base" >"$tmp/mixed.txt" 2>&1 || true
    after_rss=$(rss_kb) after_private=$(private_kb)
    kill "${follower_pids[@]}" 2>/dev/null || true
    wait "${follower_pids[@]}" 2>/dev/null || true
    follower_pids=()
    mixed="$(wrk_row "mixed: 7 lists, 200 connections + $followers followers" <"$tmp/mixed.txt")"

    singles=""
    for k in "${!paths[@]}"; do
        step "${names[$k]} alone, 20 connections, ${list_duration} s"
        timeout $((list_duration + 30)) wrk -t2 -c20 -d"${list_duration}s" --timeout 10s --latency -s "$tmp/one.lua" "$base${paths[$k]}" >"$tmp/single.txt" 2>&1 || true
        singles+="$(wrk_row "${names[$k]}" <"$tmp/single.txt")"$'\n'
    done
}

# logs_part: the REST logs race; sets the *_ms medians, byte counts and the load at its start.
# Raw and Portal alternate (raw first in even rounds, Portal first in odd ones) so a change in the
# machine's load falls on both; the download is raced against the raw read with timestamps, as it
# asks the engine for them.
logs_part() {
    step "REST logs of $lines lines against the raw Engine API, $rounds rounds"
    logger="$(_pdocker run -d "${lbl[@]}" --name "$session-lines" "$PORTAL_TEST_IMAGE" seq 1 "$lines")"
    timeout 300 docker -H "unix://$PORTAL_DOCKER_SOCK" wait "$logger" >/dev/null
    logs_load="$(cut -d' ' -f1-3 /proc/loadavg)"
    local raw_url="http://localhost/v$api/containers/$logger/logs?stdout=1&stderr=1&tail=all" r
    local -a raw_times=() rawts_times=() rest_times=() down_times=()
    raw() { curl -s --max-time 300 --unix-socket "$PORTAL_DOCKER_SOCK" -o "$1" -w '%{time_total}' "$2"; }
    portal() { curl --noproxy '*' -s --max-time 300 -H "$auth" -o "$1" -w '%{time_total}' "$base/api/v1/containers/$logger/$2"; }
    for ((r = 0; r < rounds; r++)); do
        if ((r % 2 == 0)); then
            raw_times+=("$(raw "$tmp/raw.bin" "$raw_url")")
            rest_times+=("$(portal "$tmp/rest.txt" 'logs?tail=all')")
            rawts_times+=("$(raw /dev/null "$raw_url&timestamps=1")")
            down_times+=("$(portal "$tmp/down.txt" logs/download)")
        else
            rest_times+=("$(portal "$tmp/rest.txt" 'logs?tail=all')")
            raw_times+=("$(raw "$tmp/raw.bin" "$raw_url")")
            down_times+=("$(portal "$tmp/down.txt" logs/download)")
            rawts_times+=("$(raw /dev/null "$raw_url&timestamps=1")")
        fi
    done
    raw_bytes=$(stat -c %s "$tmp/raw.bin")
    rest_bytes=$(stat -c %s "$tmp/rest.txt")
    rest_lines=$(wc -l <"$tmp/rest.txt")
    down_lines=$(wc -l <"$tmp/down.txt")
    ms() { printf '%s\n' "$@" | median | awk '{ printf "%.0f", $1 * 1000 }'; }
    raw_ms=$(ms "${raw_times[@]}") rawts_ms=$(ms "${rawts_times[@]}") rest_ms=$(ms "${rest_times[@]}") down_ms=$(ms "${down_times[@]}")
    all_ms() { printf '%s\n' "$@" | awk '{ printf "%s%.0f", (NR > 1 ? ", " : ""), $1 * 1000 }'; }
    raw_all=$(all_ms "${raw_times[@]}") rawts_all=$(all_ms "${rawts_times[@]}") rest_all=$(all_ms "${rest_times[@]}") down_all=$(all_ms "${down_times[@]}")
}

[[ $only == logs ]] || lists_part
api="$(_pdocker version --format '{{.Server.APIVersion}}')"
[[ $only == lists ]] || logs_part

mkdir -p "$(dirname "$out")"
{
    echo
    echo "## $label"
    echo
    echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M') UTC; engine API $api; Portal published Release, Production."
    echo
    if [[ $only != logs ]]; then
        echo "| run | req/s | p50 | p99 | timeouts (10 s) | non-2xx |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: |"
        echo "$mixed"
        printf '%s' "$singles"
        echo
        echo "| memory | RSS MB | private dirty MB |"
        echo "| --- | ---: | ---: |"
        echo "| idle, 20 s after start | $((idle_rss / 1024)) | $((idle_private / 1024)) |"
        echo "| before the mixed run (objects made, followers open) | $((before_rss / 1024)) | $((before_private / 1024)) |"
        echo "| after the mixed run | $((after_rss / 1024)) (× $(ratio "$after_rss" "$before_rss")) | $((after_private / 1024)) (× $(ratio "$after_private" "$before_private")) |"
        echo
    fi
    if [[ $only != lists ]]; then
        echo "| logs, $lines lines, median of $rounds (load $logs_load at the start) | ms | × raw | rounds (ms) |"
        echo "| --- | ---: | ---: | --- |"
        echo "| raw Engine API (framed, $raw_bytes bytes) | $raw_ms | 1.00 | $raw_all |"
        echo "| Portal \`logs?tail=all\` ($rest_bytes bytes, $rest_lines lines) | $rest_ms | $(ratio "$rest_ms" "$raw_ms") | $rest_all |"
        echo "| raw Engine API with timestamps | $rawts_ms | 1.00 | $rawts_all |"
        echo "| Portal \`logs/download\` (timestamps, $down_lines lines) | $down_ms | $(ratio "$down_ms" "$rawts_ms") × raw with timestamps, $(ratio "$down_ms" "$raw_ms") × raw | $down_all |"
    fi
} >>"$out"
step "appended to $out"
tail -n 30 "$out"
