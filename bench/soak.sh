#!/usr/bin/env bash
# Soak (issue 16; not in CI): Portal published as the load bench does, under a bounded mixed load for
# --minutes, with its memory sampled every 30 s. Verdict: RSS flat within ±10 % after the warm-up
# (mean of the first 5 minutes after it against the mean of the last 5 minutes).
#
#   bench/soak.sh [--src DIR] [--minutes N] [--warmup N] [--out FILE]
#
#   --src DIR      the Portal checkout to publish (default: this one)
#   --minutes N    load length (default 30, 12..240)
#   --warmup N     minutes left out of the verdict at the start (default 5, at most minutes - 10)
#   --out FILE     markdown report (default bench/results/soak.md; replaced), the raw series beside it (.tsv)
#
# Every minute: 20 s of `wrk -t1 -c8` over the containers, one container, stats, images, networks,
# volumes and stacks lists; for the same 20 s three /hubs/logs follows of a chatty container, two
# /hubs/stats subscriptions (one container, all) and one REST logs?follow=true reader, then closed;
# one labelled container run and removed through the API. The rest of the minute is idle, so two
# shared cores stay mostly free. Removes exactly what it made (label portal-soak.session).
set -euo pipefail

src="" minutes=30 warmup=5 out=""
usage() { sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case "$1" in
        --src) src="${2:?}"; shift 2 ;;
        --minutes) minutes="${2:?}"; shift 2 ;;
        --warmup) warmup="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ $minutes =~ ^[0-9]+$ && $warmup =~ ^[0-9]+$ ]] || { echo "--minutes and --warmup are whole numbers" >&2; exit 2; }
((minutes >= 12 && minutes <= 240)) || { echo "--minutes must be 12..240" >&2; exit 2; }
((warmup + 10 <= minutes)) || { echo "--warmup must leave two 5-minute windows" >&2; exit 2; }

caller_pwd="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
src="${src:-$repo}"
[[ $src == /* ]] || src="$caller_pwd/$src"
out="${out:-$repo/bench/results/soak.md}"
[[ $out == /* ]] || out="$caller_pwd/$out"
# The commit measured, read before the publish (later commits must not rename the run).
label="$(git -C "$src" log -1 --format='%h %s' 2>/dev/null | cut -c1-80 || echo "$src")"
source "$repo/scripts/lib/prereqs.sh"
source "$repo/bench/lib/portal.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_packages wrk curl jq nodejs
ensure_dotnet
ensure_engine
ensure_test_image

tmp="$(mktemp -d /tmp/portal-soak.XXXXXX)"
session="soak-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
session_label="portal-soak.session=$session"
portal_pid="" sampler_pid=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    [[ -z $sampler_pid ]] || kill "$sampler_pid" 2>/dev/null
    jobs -p | xargs -r kill 2>/dev/null
    portal_stop
    portal_remove_labelled "$session_label"
    rm -rf "$tmp"
    step "soak finished (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

portal_publish "$src" "$tmp"
portal_start "$tmp"
token="$(portal_token)"
auth="Authorization: Bearer $token"
step "Portal answers on $base (pid $portal_pid)"

lbl=(--label "$session_label")
_pdocker network create "${lbl[@]}" "$session-n" >/dev/null
_pdocker volume create "${lbl[@]}" "$session-v" >/dev/null
for i in 1 2 3; do
    _pdocker run -d "${lbl[@]}" --network "$session-n" -v "$session-v:/data" --name "$session-c$i" "$PORTAL_TEST_IMAGE" sleep 86400 >/dev/null
done
_pdocker run -d "${lbl[@]}" --name "$session-ticker" "$PORTAL_TEST_IMAGE" sh -c 'while true; do echo tick; sleep 0.2; done' >/dev/null
one="$session-c1" ticker="$session-ticker"
for ((i = 0; i < 300; i++)); do
    [[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' -H "$auth" "$base/api/v1/containers/$ticker")" == 200 ]] && break
    sleep 0.1
done

paths=("/api/v1/containers?all=true" "/api/v1/containers/$one" "/api/v1/stats" "/api/v1/images" "/api/v1/networks" "/api/v1/volumes" "/api/v1/stacks")
wrk_rotation "$tmp/mixed.lua" "$token" "${paths[@]}"

series="${out%.md}.tsv"
mkdir -p "$(dirname "$out")"
start=$(date +%s)
(
    printf 'second\trss_kb\tprivate_dirty_kb\n'
    while kill -0 "$portal_pid" 2>/dev/null; do
        printf '%d\t%s\t%s\n' $(($(date +%s) - start)) "$(rss_kb)" "$(private_kb)"
        sleep 30
    done
) >"$series" &
sampler_pid=$!

hub() { timeout 40 node --experimental-websocket "$repo/bench/lib/hub-stream.mjs" "$base" "$token" "$@" >>"$tmp/hubs.log" 2>&1 || echo "failed: $*" >>"$tmp/hubs.log"; }
requests=0 errors=0 runs=0 run_failures=0
for ((m = 0; m < minutes; m++)); do
    minute_start=$(date +%s)
    streams=()
    hub /hubs/logs FollowIn "[null,\"$ticker\",10]" 20 & streams+=($!)
    hub /hubs/logs FollowIn "[null,\"$ticker\",100]" 20 & streams+=($!)
    hub /hubs/logs Follow "[\"$ticker\",0]" 20 & streams+=($!)
    hub /hubs/stats ContainerIn "[null,\"$one\"]" 20 & streams+=($!)
    hub /hubs/stats AllIn "[null]" 20 & streams+=($!)
    { curl --noproxy '*' -sN --max-time 20 -H "$auth" "$base/api/v1/containers/$ticker/logs?follow=true&tail=10" >/dev/null || true; } & streams+=($!)
    timeout 60 wrk -t1 -c8 -d20s --timeout 10s -s "$tmp/mixed.lua" "$base" >"$tmp/wrk.txt" 2>&1 || true
    requests=$((requests + $(awk '/requests in/ { print $1 }' "$tmp/wrk.txt")))
    errors=$((errors + $(awk '/Non-2xx or 3xx responses:/ { n = $NF } /Socket errors:/ { for (k = 1; k <= NF; k++) if ($k == "timeout") t = $(k + 1) } END { print n + t }' "$tmp/wrk.txt")))
    run_body="{\"image\":\"$PORTAL_TEST_IMAGE\",\"name\":\"$session-r$m\",\"command\":[\"true\"],\"labels\":{\"portal-soak.session\":\"$session\"}}"
    if curl --noproxy '*' -sf --max-time 60 -o /dev/null -H "$auth" -H 'Content-Type: application/json' -d "$run_body" "$base/api/v1/containers" \
        && curl --noproxy '*' -sf --max-time 60 -o /dev/null -X DELETE -H "$auth" "$base/api/v1/containers/$session-r$m?force=true"; then
        runs=$((runs + 1))
    else
        run_failures=$((run_failures + 1))
    fi
    wait "${streams[@]}" 2>/dev/null || true
    step "minute $((m + 1))/$minutes: RSS $(($(rss_kb) / 1024)) MB, private dirty $(($(private_kb) / 1024)) MB"
    rest=$((60 - ($(date +%s) - minute_start)))
    ((rest <= 0)) || sleep "$rest"
done
printf '%d\t%s\t%s\n' $(($(date +%s) - start)) "$(rss_kb)" "$(private_kb)" >>"$series"
kill "$sampler_pid" 2>/dev/null || true
sampler_pid=""
hub_items=$(awk '/^items/ { s += $2 } END { print s + 0 }' "$tmp/hubs.log")
hub_failures=$(grep -c '^failed' "$tmp/hubs.log" || true)

# Means over [warmup, warmup + 5) and the last 5 minutes, in seconds since the load began.
window() { awk -F'\t' -v from="$1" -v to="$2" -v col="$3" 'NR > 1 && $1 >= from && $1 < to { s += $col; n++ } END { printf "%.0f", s / n / 1024 }' "$series"; }
end_s=$((minutes * 60 + 1))
first_rss=$(window $((warmup * 60)) $((warmup * 60 + 300)) 2) last_rss=$(window $((end_s - 301)) "$end_s" 2)
first_priv=$(window $((warmup * 60)) $((warmup * 60 + 300)) 3) last_priv=$(window $((end_s - 301)) "$end_s" 3)
change() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f %%", (b - a) * 100 / a }'; }
flat=$(awk -v a="$first_rss" -v b="$last_rss" 'BEGIN { d = (b - a) / a; print (d <= 0.10 && d >= -0.10) ? "yes" : "no" }')

{
    echo "# Soak: $label"
    echo
    echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end (other work shares it); $(date -u -d "@$start" '+%Y-%m-%d %H:%M') UTC, $minutes minutes; Portal published Release, Production."
    echo
    echo "Load per minute: 20 s of \`wrk -t1 -c8\` over 7 lists, 3 hub log follows + 2 hub stats subscriptions + 1 REST log follow for those 20 s, one container run and removed through the API."
    echo "Totals: $requests list requests ($errors non-2xx or timeouts), $hub_items hub stream items ($hub_failures hub streams failed), $runs containers run and removed ($run_failures failed)."
    echo
    echo "| window | RSS MB (mean) | private dirty MB (mean) |"
    echo "| --- | ---: | ---: |"
    echo "| minutes $warmup–$((warmup + 5)) (after the warm-up) | $first_rss | $first_priv |"
    echo "| last 5 minutes | $last_rss ($(change "$first_rss" "$last_rss")) | $last_priv ($(change "$first_priv" "$last_priv")) |"
    echo
    echo "**Verdict: RSS flat within ±10 % after warm-up: $flat.**"
    echo
    echo "Series (every 30 s; also in \`$(basename "$series")\`):"
    echo
    echo "| minute | RSS MB | private dirty MB |"
    echo "| ---: | ---: | ---: |"
    awk -F'\t' 'NR > 1 { printf "| %.1f | %d | %d |\n", $1 / 60, $2 / 1024, $3 / 1024 }' "$series"
} >"$out"
step "wrote $out"
sed -n '1,16p' "$out"
