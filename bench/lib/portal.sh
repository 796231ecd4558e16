# Shared by the benches that run a published Portal (load.sh, soak.sh, pages.sh); source it after
# scripts/lib/prereqs.sh. Nothing here leaves the host: Portal binds 127.0.0.1 and talks to the local socket.

# portal_publish SRC DIR: publishes SRC/src/Web into DIR/publish (behind PORTAL_BUILD_LOCK when set).
portal_publish() {
    local src="$1" dir="$2" lock=()
    # Builds queue behind other builds on a shared machine when PORTAL_BUILD_LOCK names a lock file.
    [[ -z ${PORTAL_BUILD_LOCK:-} ]] || lock=(flock "$PORTAL_BUILD_LOCK")
    step "publishing $src/src/Web"
    if ! "${lock[@]}" timeout 900 dotnet publish "$src/src/Web/Portal.Web.csproj" -c Release -o "$dir/publish" -nologo -v quiet -clp:NoSummary >"$dir/publish.log" 2>&1; then
        tail -n 30 "$dir/publish.log" >&2
        die "publish failed"
    fi
}

# portal_start DIR: starts DIR/publish on 127.0.0.1:<free port> with data in DIR/data; sets portal_pid,
# base and password, and returns once /login answers.
portal_start() {
    local dir="$1" port
    port="$(_free_port)"
    base="http://127.0.0.1:$port"
    password="bench-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
    (
        cd "$dir/publish"
        export PORTAL_DATA="$dir/data" PORTAL_PORT="$port" PORTAL_BIND=127.0.0.1 PORTAL_ADMIN_PASSWORD="$password"
        export PORTAL_ENGINE="unix://${PORTAL_DOCKER_SOCK}" ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning
        # As scripts/run.sh and the image run it (bench/results/idle.md); a caller's own value wins.
        export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
        exec dotnet Portal.Web.dll
    ) >"$dir/portal.log" 2>&1 </dev/null &
    portal_pid=$!
    local i
    for ((i = 0; i < 600; i++)); do
        kill -0 "$portal_pid" 2>/dev/null || { tail -n 30 "$dir/portal.log" >&2; die "Portal exited during start"; }
        [[ "$(curl --noproxy '*' -s -o /dev/null -w '%{http_code}' "$base/login")" == 200 ]] && return 0
        sleep 0.1
    done
    die "Portal did not answer on $base within 60 s"
}

# portal_stop: TERM, then KILL after 20 s.
portal_stop() {
    [[ -n ${portal_pid:-} ]] || return 0
    kill -TERM "$portal_pid" 2>/dev/null
    timeout 20 tail --pid="$portal_pid" -f /dev/null
    kill -KILL "$portal_pid" 2>/dev/null
    portal_pid=""
}

# portal_token: a bearer token for admin (signs in through the API).
portal_token() {
    local token
    token="$(curl --noproxy '*' -sf --max-time 30 -H 'Content-Type: application/json' \
        -d "{\"username\":\"admin\",\"password\":\"$password\",\"name\":\"bench\"}" "$base/api/v1/auth/token" | jq -r .token)"
    [[ -n $token && $token != null ]] || die "no token"
    printf '%s' "$token"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$portal_pid/status"; }
# Private dirty pages: what Portal itself holds. RSS also counts the clean, shared pages of the mapped
# assemblies (about 95 MB here), which the kernel drops and re-reads under pressure.
private_kb() { awk '/^Private_Dirty:/ { print $2 }' "/proc/$portal_pid/smaps_rollup"; }

# portal_remove_labelled LABEL=VALUE: removes the containers, networks and volumes carrying that label.
portal_remove_labelled() {
    _pdocker ps -aq --filter "label=$1" | xargs -r docker -H "unix://$PORTAL_DOCKER_SOCK" rm -f -v >/dev/null
    _pdocker network ls -q --filter "label=$1" | xargs -r docker -H "unix://$PORTAL_DOCKER_SOCK" network rm >/dev/null
    _pdocker volume ls -q --filter "label=$1" | xargs -r docker -H "unix://$PORTAL_DOCKER_SOCK" volume rm >/dev/null
}

# wrk_rotation FILE TOKEN PATH...: a wrk script that sends the paths in turn with the bearer token.
wrk_rotation() {
    local file="$1" token="$2"
    shift 2
    cat >"$file" <<LUA
local paths = { $(printf '"%s",' "$@") }
local i = 0
wrk.headers["Authorization"] = "Bearer $token"
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
LUA
}
