#!/usr/bin/env bash
# Stats sampling bench: Portal's sampler (in-process, src/Engine) against `docker stats --no-stream`
# on N running containers, and the sampler's CPU at 1 Hz. Writes bench/results/stats.md.
#
#   bench/stats.sh [containers (default 200)] [steady seconds (default 30)]
#
# Creates its containers in parallel from the offline test image with a session label and removes
# exactly those afterwards (also when the run fails).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build bench/Portal.StatsBench/Portal.StatsBench.csproj -c Release -nologo -v quiet -clp:NoSummary
dotnet bench/Portal.StatsBench/bin/Release/net10.0/Portal.StatsBench.dll "${1:-200}" "${2:-30}" bench/results/stats.md
