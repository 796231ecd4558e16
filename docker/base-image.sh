#!/usr/bin/env bash
# Portal: make the image's base offline, for machines that cannot reach mcr.microsoft.com.
#
#   docker/base-image.sh            prints the tag of a local base ready for
#                                   `docker build --build-arg BASE=<tag> --target prebuilt ...`
#
# The base is what mcr.microsoft.com/dotnet/aspnet gives users: a small Debian root with the
# ASP.NET Core runtime. Here it is `debootstrap --variant=minbase bookworm` from the Debian
# mirror apt already uses, trimmed, with the runtime copied from this machine's .NET install
# (no SDK), then `docker import`ed.
#
# Cached: the tag ends in a key over this script, the mirror and the runtime version, and the
# image carries the key as a label; an image with that key is reused as it is, so CI builds
# the base once. Older bases made by this script (other keys) are removed when a new one is made.
#
#   PORTAL_DEBIAN_MIRROR   mirror URL                default: the one in /etc/apt sources
#   PORTAL_DOTNET_ROOT     .NET install to copy      default: dirname of `dotnet` on PATH
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=SCRIPTDIR/../scripts/lib/prereqs.sh
source "$here/../scripts/lib/prereqs.sh"

repo_name="portal-base/bookworm-aspnet"
key_label="portal.base.key"

# The bookworm mirror apt uses (deb822 .sources or one-line sources.list).
apt_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -f $f ]] || continue
        awk '/^URIs:/ {u=$2} /^Suites:/ && / bookworm( |$)/ && u {print u; exit}' "$f"
    done
    cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | awk '$1=="deb" && $3=="bookworm" {print $2; exit}' || true
}

dotnet_root="${PORTAL_DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
aspnet_dir="$(find "$dotnet_root/shared/Microsoft.AspNetCore.App" -mindepth 1 -maxdepth 1 -type d | sort -V | tail -n 1)"
[[ -d $aspnet_dir ]] || die "no ASP.NET Core runtime under $dotnet_root/shared"
runtime_version="$(basename "$aspnet_dir")"
[[ -d $dotnet_root/shared/Microsoft.NETCore.App/$runtime_version ]] || die "no .NET runtime $runtime_version under $dotnet_root"
mirror="${PORTAL_DEBIAN_MIRROR:-$(apt_mirror | head -n 1)}"
[[ -n $mirror ]] || die "no bookworm mirror in /etc/apt sources; set PORTAL_DEBIAN_MIRROR"

key="$( { sha256sum <"${BASH_SOURCE[0]}"; echo "$mirror $runtime_version $(uname -m)"; } | sha256sum | cut -c1-16)"
tag="$repo_name:$runtime_version-$key"

if [[ "$(_pdocker image inspect -f "{{ index .Config.Labels \"$key_label\" }}" "$tag" 2>/dev/null)" == "$key" ]]; then
    echo "$tag"
    exit 0
fi

ensure_packages debootstrap >&2
[[ $EUID -eq 0 ]] || die "debootstrap needs root"
root="$(mktemp -d /tmp/portal-base.XXXXXX)"
trap 'rm -rf "$root"' EXIT

step "debootstrap --variant=minbase bookworm from $mirror" >&2
# ICU, OpenSSL, CA certificates and time zones are what the .NET runtime loads at run time.
if ! debootstrap --variant=minbase --include=libicu72,libssl3,ca-certificates,tzdata \
    bookworm "$root" "$mirror" >"$root.log" 2>&1; then
    tail -n 30 "$root.log" >&2
    die "debootstrap failed (log: $root.log)"
fi
rm -f "$root.log"

step "trimming" >&2
# Nothing installs packages inside the image: apt (and perl, which only debconf needs), their
# lists and caches, iconv's converters (.NET does not use them), documentation and manuals go;
# copyright files stay.
chroot "$root" dpkg --purge --force-remove-essential --force-depends apt libapt-pkg6.0 perl-base >/dev/null 2>&1 || true
rm -rf "$root"/usr/lib/*-linux-gnu/gconv
find "$root/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$root"/usr/share/{man,info,lintian,linda,locale}/* \
    "$root"/var/cache/apt "$root"/var/lib/apt "$root"/var/cache/debconf/*-old \
    "$root"/var/log/* "$root"/tmp/* "$root"/var/tmp/*

step "copying .NET runtime $runtime_version from $dotnet_root" >&2
mkdir -p "$root/usr/share/dotnet/host/fxr" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App" \
    "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App"
cp -a "$dotnet_root/dotnet" "$dotnet_root/LICENSE.txt" "$dotnet_root/ThirdPartyNotices.txt" "$root/usr/share/dotnet/"
cp -a "$(find "$dotnet_root/host/fxr" -mindepth 1 -maxdepth 1 -type d | sort -V | tail -n 1)" "$root/usr/share/dotnet/host/fxr/"
cp -a "$dotnet_root/shared/Microsoft.NETCore.App/$runtime_version" "$root/usr/share/dotnet/shared/Microsoft.NETCore.App/"
cp -a "$aspnet_dir" "$root/usr/share/dotnet/shared/Microsoft.AspNetCore.App/"
ln -s /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"

step "docker import $tag" >&2
tar --numeric-owner -C "$root" -c . \
    | _pdocker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change "ENV DOTNET_ROOT=/usr/share/dotnet DOTNET_VERSION=$runtime_version ASPNET_VERSION=$runtime_version" \
        --change 'CMD ["/bin/bash"]' \
        --change "LABEL $key_label=$key org.opencontainers.image.title=\"portal offline base\" org.opencontainers.image.description=\"debootstrap minbase bookworm + ASP.NET Core runtime $runtime_version\"" \
        - "$tag" >/dev/null || die "docker import of $tag failed"

# Bases this script made under other keys are stale now.
_pdocker image ls --filter "label=$key_label" --format '{{.Repository}}:{{.Tag}}' \
    | grep -Fx -v "$tag" | grep "^$repo_name:" | while read -r old; do
        _pdocker image rm "$old" >/dev/null 2>&1 || true
    done || true
echo "$tag"
