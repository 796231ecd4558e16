#!/usr/bin/env bash
# Pull, push and build through Portal against the docker CLI, same image, same registry, one run.
# See bench/README.md ("Images").
#
#   bench/images.sh [--iterations N] [--size-mb M] [--out FILE]
#
#   --iterations N  measured rounds of each operation (after one warm-up)  default 9, max 50
#   --size-mb M     size of the random layer the pushed/pulled image carries default 64, max 1024
#   --out FILE      markdown report                        default bench/results/images.md
#
# Starts its own Debian docker-registry on a free loopback port (storage wiped before every push,
# so each push uploads every layer), publishes src/Web and starts Portal on a free loopback port
# with a temp data folder. Images it makes carry the label portal-bench.session=<id> and are removed
# afterwards, with the registry and Portal. Traffic goes only to 127.0.0.1 and the Docker socket.
set -euo pipefail
iterations=9 size_mb=64 out=""
while (($#)); do
    case "$1" in
        --iterations) iterations="${2:?}"; shift 2 ;;
        --size-mb) size_mb="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        *) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
((iterations >= 1 && iterations <= 50)) || { echo "--iterations must be 1..50" >&2; exit 2; }
((size_mb >= 1 && size_mb <= 1024)) || { echo "--size-mb must be 1..1024" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${out:-$root/bench/results/images.md}"
# shellcheck source=../scripts/lib/prereqs.sh
source "$root/scripts/lib/prereqs.sh"
ensure_engine
ensure_test_image
image="${PORTAL_TEST_IMAGE:-portal-test/busybox:latest}"
sid="$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')"
label="portal-bench.session=$sid"
tmp="$(mktemp -d)"
pid=""
cleanup() {
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
    _pdocker images -q --filter "label=$label" | sort -u | xargs -r docker -H "unix://${PORTAL_DOCKER_SOCK}" rmi -f >/dev/null 2>&1 || true
    stop_registry
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

start_registry
registry="$PORTAL_TEST_REGISTRY"
wipe_registry() { rm -rf "${_PORTAL_REGISTRY_DIR:?}/storage/docker"; }

step "publishing Portal"
dotnet publish "$root/src/Web" -c Release -o "$tmp/portal" --nologo -v quiet >/dev/null
port="$(_free_port)"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(cd "$tmp/portal" && PORTAL_BIND=127.0.0.1 PORTAL_PORT="$port" PORTAL_DATA="$tmp/data" PORTAL_ADMIN_PASSWORD="$password" \
    PORTAL_ENGINE="unix://${PORTAL_DOCKER_SOCK}" ASPNETCORE_ENVIRONMENT=Production exec dotnet Portal.Web.dll >"$tmp/portal.log" 2>&1) &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do
    curl -sf -o /dev/null "$base/login" && break
    sleep 0.5
done
curl -sf -o /dev/null "$base/login" || { echo "Portal did not start; its log:" >&2; cat "$tmp/portal.log" >&2; exit 1; }
token="$(curl -sf "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$password\",\"name\":\"bench\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
auth=(-H "Authorization: Bearer $token")

step "making the payload image ($size_mb MiB random layer)"
payload="$registry/pbench-$sid/payload:1"
printf 'FROM %s\nRUN dd if=/dev/urandom of=/payload bs=1048576 count=%d 2>/dev/null\n' "$image" "$size_mb" |
    _pdocker build -q --label "$label" -t "$payload" - >/dev/null
mkdir -p "$tmp/context/files"
head -c $((8 * 1024 * 1024)) /dev/urandom >"$tmp/context/files/blob"
for i in $(seq 1 200); do echo "file $i" >"$tmp/context/files/f$i.txt"; done
cat >"$tmp/context/Dockerfile" <<EOF
FROM $image
ARG GREETING=hello
COPY files /files
RUN echo "\$GREETING" > /greeting && cat /files/f*.txt | wc -l > /count
RUN sha256sum /files/blob > /files/blob.sum
EOF

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# One request per Portal sample: ?follow=true makes the answer the job's NDJSON progress to its end,
# as `docker` reads the engine's own progress stream. No interpreter or text tools per sample: their
# start-up would be timed as Portal's.
portal_job() {
    local out last
    out="$(curl -sfN "${auth[@]}" "$@")" || { echo "Portal refused the request" >&2; return 1; }
    last="${out##*$'\n'}"
    [[ "$last" == *'"state":"Succeeded"'* ]] || { echo "job did not succeed: ${last:0:500}" >&2; return 1; }
}

portal_push() { portal_job -H 'Content-Type: application/json' -d "{\"target\":\"$payload\"}" "$base/api/v1/images/$payload/push?follow=true"; }
cli_push() { _pdocker push "$payload" >/dev/null; }
portal_pull() { portal_job -H 'Content-Type: application/json' -d "{\"reference\":\"$payload\"}" "$base/api/v1/images/pull?follow=true"; }
cli_pull() { _pdocker pull "$payload" >/dev/null; }
drop_payload() { _pdocker rmi -f "$payload" >/dev/null; }
portal_build() {
    tar -C "$tmp/context" -c . | portal_job -H 'Content-Type: application/x-tar' -H 'Expect:' -X POST -T - \
        "$base/api/v1/images/build?tag=pbench-$sid/built:portal&noCache=true&label=$label&follow=true"
}
cli_build() { _pdocker build -q --no-cache --label "$label" -t "pbench-$sid/built:cli" "$tmp/context" >/dev/null; }
drop_built() { _pdocker rmi -f "pbench-$sid/built:$1" >/dev/null 2>&1 || true; }

# One timed sample: prepare (untimed), then the operation; prints milliseconds.
sample() {
    local what="$1" who="$2" t0
    case "$what" in
        push) wipe_registry ;;
        pull) drop_payload ;;
        build) drop_built "$who" ;;
    esac
    t0="$(now_ms)"
    "${who}_${what}"
    echo $(($(now_ms) - t0))
}

declare -A times
step "measuring: 1 warm-up + $iterations rounds of push, pull, build (order alternates)"
for ((i = 0; i <= iterations; i++)); do
    for what in push pull build; do
        if ((i % 2)); then order=(portal cli); else order=(cli portal); fi
        for who in "${order[@]}"; do
            ms="$(sample "$what" "$who")"
            ((i == 0)) || times[$what.$who]+="$ms "
        done
    done
    ((i == 0)) || printf '  round %d: %s\n' "$i" "$(for k in push.cli push.portal pull.cli pull.portal build.cli build.portal; do printf '%s=%s ' "$k" "$(echo "${times[$k]}" | awk '{print $NF}')"; done)"
done

load="$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$iterations" "$size_mb" "$load" "$(_pdocker version --format '{{.Server.Version}}')" \
    "${times[push.cli]}" "${times[push.portal]}" "${times[pull.cli]}" "${times[pull.portal]}" "${times[build.cli]}" "${times[build.portal]}" <<'EOF'
import statistics, sys, datetime, os
out, n, size, load, engine = sys.argv[1:6]
vals = [list(map(int, s.split())) for s in sys.argv[6:12]]
rows = [("push", vals[0], vals[1]), ("pull", vals[2], vals[3]), ("build (no cache)", vals[4], vals[5])]
now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
lines = [
    "# Pull, push and build: Portal against the docker CLI",
    "",
    f"Run {now} on {os.cpu_count()} CPUs, load average {load} at the end (shared machine), engine {engine}.",
    f"{n} rounds after one warm-up; each round runs the CLI and Portal back to back, the order alternating.",
    f"Push and pull: one image = the test image + a {size} MiB random layer, to/from Debian's docker-registry",
    "on loopback; the registry's storage is wiped before every push and the image removed before every pull.",
    "Build: 8 MiB + 200 small files, ARG, COPY, two RUNs, `--no-cache`; Portal gets the same context as a tar",
    "streamed in the request body. Portal: one curl per sample with ?follow=true, timed to the last line of the job's progress stream.",
    "",
    "| operation | docker CLI median ms | Portal median ms | ratio (median) | Portal min / max ms | aim |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
]
for name, cli, portal in rows:
    c, p = statistics.median(cli), statistics.median(portal)
    lines.append(f"| {name} | {c:.0f} | {p:.0f} | **{p / c:.2f}×** | {min(portal)} / {max(portal)} | ≤ 1.1× |")
lines += ["", "Samples (ms): " + "; ".join(f"{name}: CLI {cli} Portal {portal}" for name, cli, portal in rows), "",
          "Reproduce: `bench/images.sh [--iterations N] [--size-mb M]`."]
open(out, "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
