#!/usr/bin/env bash
# Portal: build the solution and run every test project against a real Docker engine,
# a real (temporary, loopback-only) registry and Debian's Chromium.
#
# Last line of output is always "N passed, N failed, N skipped".
# Exit status is non-zero when the build failed, any test failed or crashed, or no test ran.
#
# Environment for the tests:
#   PORTAL_TEST_IMAGE=portal-test/busybox:latest   offline busybox image (docker import)
#   PORTAL_TEST_REGISTRY=127.0.0.1:<port>          plain-HTTP registry, gone after the run
#   PLAYWRIGHT_CHROMIUM=/usr/bin/chromium
# Knobs: PORTAL_TEST_FILTER (passed to dotnet test --filter),
#        PORTAL_TEST_HANG_TIMEOUT (default 20m; a hung test host is killed and counted failed).
set -euo pipefail

start_s=$SECONDS
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo="$PWD"
# shellcheck source=SCRIPTDIR/lib/prereqs.sh
source "$repo/scripts/lib/prereqs.sh"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

ensure_packages docker.io docker-compose docker-registry apache2-utils busybox-static chromium curl debootstrap
command -v python3 >/dev/null 2>&1 || ensure_packages python3
ensure_sshd
ensure_dotnet
ensure_engine
ensure_test_image
trap stop_registry EXIT
trap 'exit 130' INT TERM
start_registry

export PORTAL_TEST_IMAGE PORTAL_TEST_REGISTRY
export PLAYWRIGHT_CHROMIUM=/usr/bin/chromium

results="$repo/TestResults"
rm -rf "$results"
mkdir -p "$results"

elapsed() { printf 'wall time: %dm%02ds\n' $(((SECONDS - start_s) / 60)) $(((SECONDS - start_s) % 60)); }
summary() { elapsed; printf '%d passed, %d failed, %d skipped\n' "$1" "$2" "$3"; }

# --- build -----------------------------------------------------------------
sln=""
for f in Portal.sln Portal.slnx; do [[ -f $f ]] && { sln=$f; break; }; done
[[ -n $sln ]] || { echo "error: no Portal.sln / Portal.slnx in $repo" >&2; summary 0 1 0; exit 1; }

step "dotnet build $sln -c Release"
if ! dotnet build "$sln" -c Release -nologo -v quiet -clp:NoSummary >"$results/build.log" 2>&1; then
    echo "build FAILED (full log: $results/build.log):" >&2
    if ! grep -E ': error [A-Z]*[0-9]+' "$results/build.log" | sort -u | head -n 60 >&2; then
        tail -n 40 "$results/build.log" >&2
    fi
    summary 0 1 0
    exit 1
fi

# --- test projects ---------------------------------------------------------
projects=()
for proj in tests/*/*.csproj; do
    [[ -e $proj ]] || continue
    [[ $proj == tests/Portal.TestSupport/* ]] && continue
    grep -qi '<IsTestProject>false</IsTestProject>' "$proj" && continue
    projects+=("$proj")
done
((${#projects[@]})) || { echo "error: no test projects under tests/" >&2; summary 0 0 0; exit 1; }

passed=0 failed=0 skipped=0 crashed=()
for proj in "${projects[@]}"; do
    name="$(basename "$proj" .csproj)"
    trx="$results/$name.trx"
    log="$results/$name.log"
    rm -f "$trx"
    step "dotnet test $name"
    args=(--no-build -c Release --nologo
          --logger "trx;LogFileName=$name.trx" --results-directory "$results"
          --blame-hang-timeout "${PORTAL_TEST_HANG_TIMEOUT:-20m}" --blame-hang-dump-type none)
    [[ -n ${PORTAL_TEST_FILTER:-} ]] && args+=(--filter "$PORTAL_TEST_FILTER")
    rc=0
    dotnet test "$proj" "${args[@]}" >"$log" 2>&1 || rc=$?

    if [[ ! -f $trx ]]; then
        echo "  $name: dotnet test exited $rc without a TRX (crash); counted as 1 failed. Last lines of $log:" >&2
        tail -n 30 "$log" >&2
        failed=$((failed + 1)); crashed+=("$name")
        continue
    fi
    counts="$(python3 "$repo/scripts/lib/trx.py" "$trx")" || {
        echo "  $name: unreadable TRX; counted as 1 failed (log: $log)" >&2
        failed=$((failed + 1)); crashed+=("$name")
        continue
    }
    read -r p f s <<<"$counts"
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
    printf '    %s: %d passed, %d failed, %d skipped\n' "$name" "$p" "$f" "$s"
    if ((rc != 0 && f == 0)); then
        # Non-zero exit yet no failed test in the TRX: test host crash / abort mid-run.
        echo "  $name: dotnet test exited $rc but the TRX records no failure (test host crash?); counted as 1 failed. Last lines of $log:" >&2
        tail -n 30 "$log" >&2
        failed=$((failed + 1)); crashed+=("$name")
    fi
done

((${#crashed[@]} == 0)) || echo "crashed: ${crashed[*]}" >&2
((passed + failed > 0)) || echo "error: no tests ran" >&2
summary "$passed" "$failed" "$skipped"
((failed == 0 && passed > 0)) || exit 1
