#!/usr/bin/env bash
# Portal: build the image without any registry (this machine reaches none).
#
#   docker/build-local.sh [TAG]        default TAG: portal:latest
#
# Same Dockerfile as users build, `prebuilt` target: the base comes from docker/base-image.sh
# (Debian packages + this machine's .NET runtime, cached), Portal is published here with the
# SDK on the machine, and only the Dockerfile and that output are sent to the engine.
#
#   PORTAL_PUBLISHED       folder with a published Portal to reuse; published into when empty
#   PORTAL_PUBLISH_ARGS    extra `dotnet publish` arguments (tests pass --no-build)
#   PORTAL_CONFIGURATION   build configuration to publish                default Release
#   PORTAL_IMAGE_VERSION   org.opencontainers.image.version            default 0.0.0-local
#   PORTAL_IMAGE_LABELS    extra image labels, "k=v k=v"
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
# shellcheck source=SCRIPTDIR/../scripts/lib/prereqs.sh
source "$repo/scripts/lib/prereqs.sh"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tag="${1:-portal:latest}"
ensure_dotnet >&2
base="$("$here/base-image.sh")"
step "base $base" >&2

context="$(mktemp -d /tmp/portal-image.XXXXXX)"
trap 'rm -rf "$context"' EXIT
mkdir -p "$context/docker"
cp "$here/Dockerfile" "$context/docker/Dockerfile"

published="${PORTAL_PUBLISHED:-$context/publish}"
if [[ ! -f $published/Portal.Web.dll ]]; then
    configuration="${PORTAL_CONFIGURATION:-Release}"
    step "dotnet publish src/Web -c $configuration -o $published" >&2
    # shellcheck disable=SC2086
    dotnet publish "$repo/src/Web/Portal.Web.csproj" -c "$configuration" -nologo -v quiet -o "$published" \
        ${PORTAL_PUBLISH_ARGS:-} >"$context/publish.log" 2>&1 \
        || { tail -n 30 "$context/publish.log" >&2; die "dotnet publish failed"; }
fi
# Hard links: no copy of the published output, same file system as /tmp.
cp -al "$published" "$context/docker/.publish" 2>/dev/null || cp -a "$published" "$context/docker/.publish"
rm -rf "$context/docker/.publish"/*.pdb

labels=()
for label in ${PORTAL_IMAGE_LABELS:-}; do labels+=(--label "$label"); done
step "docker build --target prebuilt -t $tag" >&2
# The legacy builder: the engine here (20.10) has no buildx client, and it stops at --target,
# so the SDK stage is never needed.
DOCKER_BUILDKIT=0 _pdocker build -q --target prebuilt -f "$context/docker/Dockerfile" \
    --build-arg "BASE=$base" --build-arg "VERSION=${PORTAL_IMAGE_VERSION:-0.0.0-local}" \
    --build-arg "REVISION=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "${labels[@]}" -t "$tag" "$context" >&2
echo "$tag"
