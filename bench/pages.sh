#!/usr/bin/env bash
# Per-page memory bench (issue 16: "≤ 1 MB per open page"): Portal published as the load bench does,
# N signed-in interactive pages in headless Chromium (containers list, a container's logs tab, its stats
# tab, in turn), Portal's RSS and private dirty memory before, with the pages open and after closing
# them. Writes bench/results/pages.md (replaced).
#
#   bench/pages.sh [--src DIR] [--pages N] [--settle S] [--out FILE]
#
#   --src DIR      the Portal checkout to publish (default: this one)
#   --pages N      pages open at once (default 40, 1..200)
#   --settle S     seconds to wait before each reading (default 20, 5..300)
#   --out FILE     markdown report (default bench/results/pages.md)
#
# The container the pages show prints a line every 200 ms, so each logs tab follows a live stream.
# Removes exactly what it made (label portal-pages.session). Loopback only; Chromium from Debian.
set -euo pipefail

src="" pages=40 settle=20 out=""
usage() { sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while (($#)); do
    case "$1" in
        --src) src="${2:?}"; shift 2 ;;
        --pages) pages="${2:?}"; shift 2 ;;
        --settle) settle="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
    esac
done
[[ $pages =~ ^[0-9]+$ && $settle =~ ^[0-9]+$ ]] || { echo "--pages and --settle are whole numbers" >&2; exit 2; }
((pages >= 1 && pages <= 200)) || { echo "--pages must be 1..200" >&2; exit 2; }
((settle >= 5 && settle <= 300)) || { echo "--settle must be 5..300" >&2; exit 2; }

caller_pwd="$PWD"
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
src="${src:-$repo}"
[[ $src == /* ]] || src="$caller_pwd/$src"
out="${out:-$repo/bench/results/pages.md}"
[[ $out == /* ]] || out="$caller_pwd/$out"
source "$repo/scripts/lib/prereqs.sh"
source "$repo/bench/lib/portal.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_packages curl jq chromium
ensure_dotnet
ensure_engine
ensure_test_image

tmp="$(mktemp -d /tmp/portal-pages.XXXXXX)"
session="pages-$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
label="portal-pages.session=$session"
portal_pid=""

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    set +e
    portal_stop
    portal_remove_labelled "$label"
    rm -rf "$tmp"
    step "pages bench finished (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

portal_publish "$src" "$tmp"
step "building bench/Portal.PageBench"
lock=()
[[ -z ${PORTAL_BUILD_LOCK:-} ]] || lock=(flock "$PORTAL_BUILD_LOCK")
"${lock[@]}" timeout 900 dotnet build "$repo/bench/Portal.PageBench/Portal.PageBench.csproj" -c Release -o "$tmp/bench" -nologo -v quiet -clp:NoSummary >"$tmp/bench.log" 2>&1 \
    || { tail -n 30 "$tmp/bench.log" >&2; die "bench build failed"; }
portal_start "$tmp"
step "Portal answers on $base (pid $portal_pid)"

container="$session-ticker"
_pdocker run -d --label "$label" --name "$container" "$PORTAL_TEST_IMAGE" sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.2; done' >/dev/null
token="$(portal_token)"
for ((i = 0; i < 300; i++)); do
    [[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$base/api/v1/containers/$container")" == 200 ]] && break
    sleep 0.1
done

step "$pages pages, $settle s to settle before each reading"
read -r b_rss b_priv b_heap o_rss o_priv o_heap c_rss c_priv c_heap < <(PLAYWRIGHT_CHROMIUM="${PLAYWRIGHT_CHROMIUM:-/usr/bin/chromium}" \
    timeout 1800 dotnet "$tmp/bench/Portal.PageBench.dll" "$base" "$password" "$portal_pid" "$pages" "$container" "$settle")
[[ -n ${c_heap:-} ]] || die "the page bench gave no readings"

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
per() { awk -v a="$1" -v b="$2" -v n="$pages" 'BEGIN { printf "%.2f", (b - a) / 1024 / n }'; }
mkdir -p "$(dirname "$out")"
{
    echo "# Per-page memory: $(git -C "$src" log -1 --format='%h %s' | cut -c1-80)"
    echo
    echo "Machine: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M') UTC; Portal published Release, Production; Debian Chromium headless, one signed-in browser context."
    echo
    echo "$pages interactive pages open at once (in turn: containers list, a container's logs tab following a line every 200 ms, its stats tab); each page kind opened and closed once before the first reading; readings are the median of 5, one a second, after $settle s."
    echo
    echo "| reading | RSS MB | private dirty MB | managed heap MB (after the last GC) |"
    echo "| --- | ---: | ---: | ---: |"
    echo "| before (signed in, no page open) | $(mb "$b_rss") | $(mb "$b_priv") | $(mb "$b_heap") |"
    echo "| $pages pages open | $(mb "$o_rss") | $(mb "$o_priv") | $(mb "$o_heap") |"
    echo "| after closing them | $(mb "$c_rss") | $(mb "$c_priv") | $(mb "$c_heap") |"
    echo "| **per open page** | **$(per "$b_rss" "$o_rss")** | **$(per "$b_priv" "$o_priv")** | **$(per "$b_heap" "$o_heap")** |"
    echo "| left per page after closing | $(per "$b_rss" "$c_rss") | $(per "$b_priv" "$c_priv") | $(per "$b_heap" "$c_heap") |"
} >"$out"
step "wrote $out"
cat "$out"
