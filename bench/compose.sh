#!/usr/bin/env bash
# Compose `up` benchmark: a 20-service stack through Portal's REST API against Debian's
# docker-compose 1.29 and against the engine's floor (the same 20 containers created and started
# through the raw Engine API, all in parallel), then a second `up` with nothing changed. One run,
# ratios in one table. See bench/README.md ("Compose").
#
#   bench/compose.sh [--services N] [--out FILE]
#
#   --services N  services in the stack               default 20, max 60
#   --out FILE    markdown report                     default bench/results/compose.md
#
# Publishes src/Web, starts Portal on a free loopback port with a temp data folder and a random
# admin password, measures, removes exactly what it made (everything carries the label
# portal-bench.session=<uuid>), stops Portal and deletes the temp folder. Traffic goes only to
# 127.0.0.1 and the Docker socket; the image is the local test image, never pulled.
set -euo pipefail
services=20 out=""
while (($#)); do
    case "$1" in
        --services) services="${2:?}"; shift 2 ;;
        --out) out="${2:?}"; shift 2 ;;
        *) sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 2 ;;
    esac
done
((services >= 1 && services <= 60)) || { echo "--services must be 1..60" >&2; exit 2; }
command -v docker-compose >/dev/null || { echo "docker-compose (Debian package docker-compose) is needed" >&2; exit 1; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${out:-$root/bench/results/compose.md}"
image="${PORTAL_TEST_IMAGE:-portal-test/busybox:latest}"
session="$(cat /proc/sys/kernel/random/uuid)"
short="${session:0:8}"
sock=/var/run/docker.sock
api() { curl -sS --unix-socket "$sock" -H 'Content-Type: application/json' "$@"; }
tmp="$(mktemp -d)"
pid=""
cleanup() {
    set +e
    (cd "$tmp/dc" 2>/dev/null && docker-compose -p "bdc$short" down -v >/dev/null 2>&1)
    # Whatever is left with this run's label: containers, then networks and volumes.
    for id in $(api "http://d/containers/json?all=1&filters=$(jq -rn --arg l "portal-bench.session=$session" '{label:[$l]}|@uri')" | jq -r '.[].Id'); do
        api -X DELETE "http://d/containers/$id?force=1&v=1" >/dev/null
    done
    for id in $(api "http://d/networks?filters=$(jq -rn --arg l "portal-bench.session=$session" '{label:[$l]}|@uri')" | jq -r '.[].Id'); do
        api -X DELETE "http://d/networks/$id" >/dev/null
    done
    if [[ -n "$pid" ]]; then kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; fi
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
now() { date +%s.%N; }
secs() { echo "$2 - $1" | bc -l | xargs printf '%.2f'; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }

# One compose file for Portal and docker-compose: N idle services, labelled, on one labelled network.
compose_file() {
    local project="$1"
    echo "name: $project"
    echo "services:"
    for i in $(seq 1 "$services"); do
        cat <<YAML
  s$i:
    image: $image
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
    labels:
      portal-bench.session: "$session"
YAML
    done
    cat <<YAML
networks:
  default:
    name: ${project}_default
    labels:
      portal-bench.session: "$session"
YAML
}

echo "publishing Portal…" >&2
dotnet publish "$root/src/Web" -c Release -o "$tmp/portal" --nologo -v quiet >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
(cd "$tmp/portal" && PORTAL_BIND=127.0.0.1 PORTAL_PORT="$port" PORTAL_DATA="$tmp/data" PORTAL_ADMIN_PASSWORD="$password" \
    ASPNETCORE_ENVIRONMENT=Production exec dotnet Portal.Web.dll >"$tmp/portal.log" 2>&1) &
pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -sf -o /dev/null "$base/login" && break; sleep 0.5; done
curl -sf -o /dev/null "$base/login" || { echo "Portal did not start; its log:" >&2; cat "$tmp/portal.log" >&2; exit 1; }
token="$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\",\"name\":\"bench\"}" "$base/api/v1/auth/token" | jq -r .token)"
portal() { curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' "$@"; }

# Portal `up` as a user runs it: start the job, follow its NDJSON events until it ends.
portal_up() {
    local project="$1" job state
    job="$(portal -X POST "$base/api/v1/stacks/$project/up" | jq -r .id)"
    state="$(portal "$base/api/v1/stacks/jobs/$job/events" | tail -n 1 | jq -r .state)"
    [[ "$state" == succeeded ]] || { echo "Portal up ended $state:" >&2; portal "$base/api/v1/stacks/jobs/$job" | jq -r .error >&2; exit 1; }
}

pp="bpo$short"
compose_file "$pp" > "$tmp/portal.yaml"
portal -X POST "$base/api/v1/stacks" -d "$(jq -n --arg n "$pp" --rawfile c "$tmp/portal.yaml" '{name:$n, files:[{name:"compose.yaml", content:$c}]}')" >/dev/null
mkdir -p "$tmp/dc"
dp="bdc$short"
compose_file "$dp" | sed '1d' > "$tmp/dc/docker-compose.yml"
# docker-compose 1.29 reads the v3 file format: it needs a version line and takes no top-level name.
sed -i '1i version: "3.7"' "$tmp/dc/docker-compose.yml"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# Floor: a labelled network, then N create+start calls all in flight at once.
fp="bfl$short"
t0="$(now)"
api -X POST "http://d/networks/create" -d "{\"Name\":\"${fp}_default\",\"Labels\":{\"portal-bench.session\":\"$session\"}}" >/dev/null
seq 1 "$services" | xargs -P "$services" -I{} sh -c '
    id=$(curl -sS --unix-socket '"$sock"' -H "Content-Type: application/json" -X POST "http://d/containers/create?name='"$fp"'-s{}-1" \
        -d "{\"Image\":\"'"$image"'\",\"Cmd\":[\"sh\",\"-c\",\"trap '"'"'exit 0'"'"' TERM; sleep 3600 & wait\"],\"Labels\":{\"portal-bench.session\":\"'"$session"'\"},\"HostConfig\":{\"NetworkMode\":\"'"$fp"'_default\"}}" | jq -r .Id)
    curl -sS --unix-socket '"$sock"' -X POST "http://d/containers/$id/start" >/dev/null'
t1="$(now)"
floor="$(secs "$t0" "$t1")"

t0="$(now)"; (cd "$tmp/dc" && docker-compose -p "$dp" up -d >/dev/null 2>&1); t1="$(now)"
dc_up="$(secs "$t0" "$t1")"
t0="$(now)"; portal_up "$pp"; t1="$(now)"
portal_up_s="$(secs "$t0" "$t1")"

t0="$(now)"; (cd "$tmp/dc" && docker-compose -p "$dp" up -d >/dev/null 2>&1); t1="$(now)"
dc_again="$(secs "$t0" "$t1")"
t0="$(now)"; portal_up "$pp"; t1="$(now)"
portal_again="$(secs "$t0" "$t1")"
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"

running() { api "http://d/containers/json?filters=$(jq -rn --arg l "com.docker.compose.project=$1" '{label:[$l]}|@uri')" | jq length; }
check="Portal project running: $(running "$pp")/$services; docker-compose project running: $(running "$dp")/$services"

report="$(cat <<MD
# Compose up: Portal vs docker-compose 1.29 vs raw Engine API

Run $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) CPUs; load average before $load_before, after $load_after.
Stack: $services services of \`$image\` (idle shell), one network; every object labelled
\`portal-bench.session=$session\` and removed afterwards. $check.

| what | seconds | ratio to floor | ratio to docker-compose |
| --- | ---: | ---: | ---: |
| floor: raw Engine API, network + $services create+start all in parallel | $floor | 1.00 | $(ratio "$floor" "$dc_up") |
| docker-compose 1.29 \`up -d\` | $dc_up | $(ratio "$dc_up" "$floor") | 1.00 |
| Portal \`POST /api/v1/stacks/{name}/up\`, job followed to its end | $portal_up_s | $(ratio "$portal_up_s" "$floor") | $(ratio "$portal_up_s" "$dc_up") |
| docker-compose second \`up -d\`, nothing changed | $dc_again | | 1.00 |
| Portal second \`up\`, nothing changed | $portal_again | | $(ratio "$portal_again" "$dc_again") |

Aims (issue 5): Portal \`up\` ≤ 1.15× the floor; second \`up\` ≤ 0.3× docker-compose's.
MD
)"
echo "$report" | tee "$out"
