#!/usr/bin/env bash
# Build Prometheus 3 and promtool from the Go module pinned in
# tools/prometheus/go.mod (the single pin: Prometheus 3.X.Y is
# github.com/prometheus/prometheus v0.3XX.Y).
#
#   binaries = $AISCOPE_CACHE/prometheus-<module version>/{prometheus,promtool}
#
# If both exist, nothing is done. stdout carries exactly two lines, the
# prometheus path then the promtool path; progress goes to stderr.
#
# The web UI's assets are not built: without the `builtinassets` tag
# (which needs the UI's generated JavaScript, absent from the module) the
# server serves the UI from disk and those pages answer 404, while the HTTP
# API, /-/ready, the OTLP and remote-write receivers all work.
set -euo pipefail
# shellcheck source=tools/paths.sh
. "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

module_dir="$AISCOPE_REPO/tools/prometheus"
gomod="$module_dir/go.mod"
[ -f "$gomod" ] || aiscope_die "missing $gomod"

# The pinned version: the require line of github.com/prometheus/prometheus.
mod_version="$(awk '
    $1 == "require" && $2 == "github.com/prometheus/prometheus" { print $3; exit }
    $1 == "github.com/prometheus/prometheus" && $2 ~ /^v/ { print $2; exit }
' "$gomod")"
[[ "$mod_version" =~ ^v0\.([0-9]+)\.([0-9]+)$ ]] ||
    aiscope_die "cannot read a v0.3XX.Y version of github.com/prometheus/prometheus from $gomod (got '$mod_version')"
minor_field="${BASH_REMATCH[1]}"
patch="${BASH_REMATCH[2]}"
# v0.314.0 -> 3.14.0, v0.305.0 -> 3.5.0
app_version="$((minor_field / 100)).$((minor_field % 100)).$patch"

dest_dir="$AISCOPE_CACHE/prometheus-$mod_version"
prometheus="$dest_dir/prometheus"
promtool="$dest_dir/promtool"

finish() {
    echo "$prometheus"
    echo "$promtool"
    exit 0
}

if [ -x "$prometheus" ] && [ -x "$promtool" ]; then
    aiscope_log "up to date: $dest_dir (Prometheus $app_version)"
    finish
fi

aiscope_need go flock
aiscope_lock "prometheus-$mod_version"
if [ -x "$prometheus" ] && [ -x "$promtool" ]; then
    finish
fi

started="$(date +%s)"
mkdir -p "$AISCOPE_CACHE"
work="$(mktemp -d "$AISCOPE_CACHE/.build-prometheus-$mod_version.XXXXXX")"
trap 'rm -rf "$work"' EXIT

ver_pkg=github.com/prometheus/common/version
ldflags="-s -w -X $ver_pkg.Version=$app_version -X $ver_pkg.Branch=HEAD -X $ver_pkg.BuildUser=aiscope -X $ver_pkg.Revision=$mod_version"

aiscope_log "building Prometheus $app_version and promtool ($mod_version); the first build takes several minutes"
(
    cd "$module_dir"
    CGO_ENABLED=0 go build -mod=readonly -trimpath -tags netgo -ldflags "$ldflags" -o "$work/" \
        github.com/prometheus/prometheus/cmd/prometheus \
        github.com/prometheus/prometheus/cmd/promtool
) >&2

"$work/prometheus" --version >&2 || aiscope_die "the built prometheus does not run"
"$work/promtool" --version >&2 || aiscope_die "the built promtool does not run"

mkdir -p "$dest_dir"
cp "$gomod" "$module_dir/go.sum" "$dest_dir/" 2>/dev/null || true
for bin in prometheus promtool; do
    mv -f "$work/$bin" "$dest_dir/$bin.tmp.$$"
    mv -f "$dest_dir/$bin.tmp.$$" "$dest_dir/$bin"
done
aiscope_log "built $dest_dir in $(aiscope_elapsed "$started")"
finish
