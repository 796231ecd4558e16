# shellcheck shell=bash
# Portal: shared prerequisites for scripts/test.sh and scripts/run.sh.
# Source this file; it defines functions only (plus a few PORTAL_* defaults).
#
#   ensure_packages PKG...   apt-get install whatever is missing (root)
#   ensure_sshd              Debian openssh-server's binaries for the SSH environment tests, never its service
#   ensure_dotnet            fail clearly when the .NET SDK is absent
#   ensure_engine            make sure a Docker daemon answers on $PORTAL_DOCKER_SOCK
#   ensure_test_image        import portal-test/busybox:latest offline (busybox-static)
#   start_registry           temp Debian docker-registry on 127.0.0.1:<free port>,
#                            exports PORTAL_TEST_REGISTRY; pair with `trap stop_registry EXIT`
#   stop_registry            stop it and delete its storage
#
# Nothing here pulls from the internet (only Debian apt for missing packages).

PORTAL_DOCKER_SOCK="${PORTAL_DOCKER_SOCK:-/var/run/docker.sock}"
PORTAL_DOCKERD_LOG="${PORTAL_DOCKERD_LOG:-/var/log/portal-dockerd.log}"
PORTAL_TEST_IMAGE="${PORTAL_TEST_IMAGE:-portal-test/busybox:latest}"

step() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# docker CLI bound to the local socket (ignores DOCKER_HOST / contexts).
_pdocker() { docker -H "unix://${PORTAL_DOCKER_SOCK}" "$@"; }

# ---------------------------------------------------------------------------
# ensure_packages PKG...
_PORTAL_APT_UPDATED=""
ensure_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)" != "install ok installed" ]]; then
            missing+=("$pkg")
        fi
    done
    ((${#missing[@]})) || return 0
    [[ $EUID -eq 0 ]] || die "missing packages (${missing[*]}); run as root or install them first"
    local log
    log="$(mktemp /tmp/portal-apt.XXXXXX.log)"
    export DEBIAN_FRONTEND=noninteractive
    # Wait for another apt/dpkg run instead of failing on its lock.
    local apt=(apt-get -q -y -o DPkg::Lock::Timeout=600)
    if [[ -z "$_PORTAL_APT_UPDATED" ]]; then
        step "apt-get update"
        if ! "${apt[@]}" update >"$log" 2>&1; then
            tail -n 30 "$log" >&2
            die "apt-get update failed (log: $log)"
        fi
        _PORTAL_APT_UPDATED=1
    fi
    step "apt-get install ${missing[*]}"
    if ! "${apt[@]}" install --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "apt-get install ${missing[*]} failed (log: $log)"
    fi
    rm -f "$log"
}

# ---------------------------------------------------------------------------
# ensure_sshd
#
# The SSH environment tests start /usr/sbin/sshd themselves, inside a network namespace of their
# own with their own config and keys. The package's ssh service must never run on the host: a
# policy-rc.d that refuses every start is in place while the package installs (the Debian way;
# systemd's deb-systemd-invoke honours it too), and removed again if we made it.
ensure_sshd() {
    [[ -x /usr/sbin/sshd ]] && return 0
    local made_policy=""
    if [[ $EUID -eq 0 && ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    ensure_packages openssh-server
    if [[ -n "$made_policy" ]]; then rm -f /usr/sbin/policy-rc.d; fi
    if command -v systemctl >/dev/null 2>&1; then
        systemctl disable --now ssh.service ssh.socket >/dev/null 2>&1 || true
    fi
    [[ -x /usr/sbin/sshd ]] || die "openssh-server installed but /usr/sbin/sshd is missing"
}

# ---------------------------------------------------------------------------
# ensure_dotnet
ensure_dotnet() {
    command -v dotnet >/dev/null 2>&1 \
        || die "dotnet not found on PATH: install the .NET SDK 10 (see global.json), e.g. from https://dot.net/v1/dotnet-install.sh"
    local v
    v="$(dotnet --version 2>/dev/null)" || die "'dotnet --version' failed: the .NET SDK is not usable (SDK 10 needed, see global.json)"
    step "dotnet SDK $v"
}

# ---------------------------------------------------------------------------
# ensure_engine
#
# Findings on this machine (Debian 12, firecracker kernel 6.18, root, no systemd,
# root fs ext4, cgroup v1 hybrid, Debian docker.io 20.10.24 / API 1.41):
#   * no init system: the package's postinst does not start the daemon
#     (policy-rc.d exits 101), so we run dockerd ourselves, detached with setsid nohup.
#   * dockerd starts its own containerd (docker.io pulls in the containerd package).
#   * plain `dockerd --host unix:///var/run/docker.sock` works as-is: overlay2 on ext4 is
#     picked automatically, iptables (nft backend) works, the default bridge comes up.
#     PORTAL_DOCKERD_ARGS can add flags if another machine needs them
#     (e.g. "--storage-driver=vfs --iptables=false").
#   * 127.0.0.0/8 registries are insecure by default, so a plain-HTTP local registry works.
_engine_answers() { _pdocker version --format '{{.Server.Version}}' 2>/dev/null; }

ensure_engine() {
    local v
    if v="$(_engine_answers)"; then
        step "docker engine $v on unix://${PORTAL_DOCKER_SOCK}"
        return 0
    fi
    command -v docker >/dev/null 2>&1 || ensure_packages docker.io
    if ! command -v dockerd >/dev/null 2>&1; then
        ensure_packages docker.io iptables
    fi
    [[ $EUID -eq 0 ]] || die "no Docker daemon answers on ${PORTAL_DOCKER_SOCK} and starting one needs root"
    if pgrep -x dockerd >/dev/null 2>&1; then
        step "dockerd already starting, waiting for it"
    else
        step "starting dockerd (log: ${PORTAL_DOCKERD_LOG})"
        # shellcheck disable=SC2086
        setsid nohup dockerd --host "unix://${PORTAL_DOCKER_SOCK}" ${PORTAL_DOCKERD_ARGS:-} \
            >"${PORTAL_DOCKERD_LOG}" 2>&1 </dev/null &
        disown || true
    fi
    local i
    for ((i = 0; i < 60; i++)); do
        if v="$(_engine_answers)"; then
            step "docker engine $v up after ${i}s"
            return 0
        fi
        sleep 1
    done
    printf 'dockerd did not answer within 60 s; last lines of %s:\n' "${PORTAL_DOCKERD_LOG}" >&2
    tail -n 30 "${PORTAL_DOCKERD_LOG}" >&2 || true
    exit 1
}

# ---------------------------------------------------------------------------
# ensure_test_image: portal-test/busybox:latest from Debian busybox-static, offline.
ensure_test_image() {
    local image="${PORTAL_TEST_IMAGE}"
    if _pdocker image inspect "$image" >/dev/null 2>&1; then
        step "test image $image present"
        return 0
    fi
    ensure_packages busybox-static
    local bb=/bin/busybox
    [[ -x $bb ]] || bb="$(command -v busybox)" || die "busybox not found after installing busybox-static"
    local applets applet
    applets="$("$bb" --list)" || die "$bb --list failed"
    for applet in sh httpd wget sleep nc; do
        grep -qx "$applet" <<<"$applets" || die "$bb lacks the '$applet' applet"
    done

    step "importing $image from $bb"
    local tree
    tree="$(mktemp -d /tmp/portal-busybox.XXXXXX)"
    mkdir -p "$tree"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,var/tmp,var/www,root,home,proc,sys,dev}
    chmod 1777 "$tree/tmp" "$tree/var/tmp"
    chmod 700 "$tree/root"
    install -m 0755 "$bb" "$tree/bin/busybox"
    # Every applet as a relative symlink in /bin (PATH below covers the rest).
    for applet in $applets; do
        [[ $applet == busybox ]] && continue
        ln -sf busybox "$tree/bin/$applet"
    done
    cat >"$tree/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
    cat >"$tree/etc/group" <<'EOF'
root:x:0:
nogroup:x:65534:
EOF
    local rc=0
    tar --numeric-owner --owner=0 --group=0 -C "$tree" -c . \
        | _pdocker import \
            --change 'CMD ["/bin/sh"]' \
            --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'LABEL org.opencontainers.image.title="portal-test busybox" org.opencontainers.image.description="offline test image from Debian busybox-static"' \
            - "$image" >/dev/null || rc=$?
    rm -rf "$tree"
    ((rc == 0)) || die "docker import of $image failed"
}

# ---------------------------------------------------------------------------
# start_registry / stop_registry: Debian docker-registry on a free loopback port.
_PORTAL_REGISTRY_PID=""
_PORTAL_REGISTRY_DIR=""

_free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_registry() {
    if [[ -n "$_PORTAL_REGISTRY_PID" ]] && kill -0 "$_PORTAL_REGISTRY_PID" 2>/dev/null; then
        return 0
    fi
    ensure_packages docker-registry curl
    local bin=/usr/bin/docker-registry
    [[ -x $bin ]] || die "$bin missing (package docker-registry)"
    _PORTAL_REGISTRY_DIR="$(mktemp -d /tmp/portal-registry.XXXXXX)"
    mkdir -p "$_PORTAL_REGISTRY_DIR/storage"
    local port
    for _ in 1 2 3; do
        port="$(_free_port)" || die "could not pick a free port"
        cat >"$_PORTAL_REGISTRY_DIR/config.yml" <<EOF
version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $_PORTAL_REGISTRY_DIR/storage
  delete:
    enabled: true
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:$port
EOF
        step "starting registry on 127.0.0.1:$port"
        "$bin" serve "$_PORTAL_REGISTRY_DIR/config.yml" >"$_PORTAL_REGISTRY_DIR/registry.log" 2>&1 </dev/null &
        _PORTAL_REGISTRY_PID=$!
        local i
        for ((i = 0; i < 100; i++)); do
            if curl -fsS -o /dev/null "http://127.0.0.1:$port/v2/" 2>/dev/null; then
                export PORTAL_TEST_REGISTRY="127.0.0.1:$port"
                return 0
            fi
            kill -0 "$_PORTAL_REGISTRY_PID" 2>/dev/null || break # died (port race?): retry
            sleep 0.1
        done
        kill "$_PORTAL_REGISTRY_PID" 2>/dev/null || true
        wait "$_PORTAL_REGISTRY_PID" 2>/dev/null || true
        _PORTAL_REGISTRY_PID=""
    done
    tail -n 30 "$_PORTAL_REGISTRY_DIR/registry.log" >&2 || true
    die "docker-registry did not answer on http://127.0.0.1:$port/v2/"
}

stop_registry() {
    if [[ -n "$_PORTAL_REGISTRY_PID" ]]; then
        kill "$_PORTAL_REGISTRY_PID" 2>/dev/null || true
        wait "$_PORTAL_REGISTRY_PID" 2>/dev/null || true
        _PORTAL_REGISTRY_PID=""
    fi
    if [[ -n "$_PORTAL_REGISTRY_DIR" ]]; then
        rm -rf "$_PORTAL_REGISTRY_DIR"
        _PORTAL_REGISTRY_DIR=""
    fi
    unset PORTAL_TEST_REGISTRY
}
