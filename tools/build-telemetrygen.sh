#!/usr/bin/env bash
# Install telemetrygen (OTLP traffic generator, used by the benchmarks only)
# at the collector's version, the dist.version of tools/otelcol/builder-config.yaml.
#
#   binary = $AISCOPE_CACHE/bin/telemetrygen-<version>/telemetrygen
#
# Module proxy check (2026-12-03): cmd/telemetrygen is served at v0.149.0,
# v0.160.0 and v0.161.0, so the collector's version is used as is. If the
# collector moves to a release whose telemetrygen is not served, set
# AISCOPE_TELEMETRYGEN_VERSION to the nearest served one (the proxy's
# /@v/list for the module shows them) and note it here.
#
# If the binary exists, nothing is done. Its path is the last line on stdout.
set -euo pipefail
# shellcheck source=tools/paths.sh
. "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

manifest="${AISCOPE_OTELCOL_MANIFEST:-$AISCOPE_REPO/tools/otelcol/builder-config.yaml}"
version="${AISCOPE_TELEMETRYGEN_VERSION:-$(aiscope_manifest_dist_field "$manifest" version)}"
version="${version#v}"
[ -n "$version" ] || aiscope_die "no dist.version in $manifest"

dest_dir="$AISCOPE_CACHE/bin/telemetrygen-$version"
binary="$dest_dir/telemetrygen"
module=github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen

if [ -x "$binary" ]; then
    aiscope_log "up to date: $binary"
    echo "$binary"
    exit 0
fi

aiscope_need go flock
aiscope_lock "telemetrygen-$version"
if [ -x "$binary" ]; then
    echo "$binary"
    exit 0
fi

started="$(date +%s)"
mkdir -p "$AISCOPE_CACHE/bin"
work="$(mktemp -d "$AISCOPE_CACHE/bin/.build-telemetrygen-$version.XXXXXX")"
trap 'rm -rf "$work"' EXIT

aiscope_log "installing $module@v$version"
CGO_ENABLED=0 GOBIN="$work" go install -trimpath -ldflags='-s -w' "$module@v$version" >&2
[ -x "$work/telemetrygen" ] || aiscope_die "go install did not produce telemetrygen"
"$work/telemetrygen" --help >/dev/null 2>&1 || aiscope_die "the built telemetrygen does not run"

mkdir -p "$dest_dir"
mv -f "$work/telemetrygen" "$binary.tmp.$$"
mv -f "$binary.tmp.$$" "$binary"
aiscope_log "built $binary in $(aiscope_elapsed "$started")"
echo "$binary"
