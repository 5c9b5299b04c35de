#!/usr/bin/env bash
# Build aiscope's OpenTelemetry Collector distribution with the OpenTelemetry
# Collector Builder (ocb), from tools/otelcol/builder-config.yaml.
#
#   version  = the manifest's dist.version (the builder is installed at it)
#   binary   = $AISCOPE_CACHE/otelcol/<first 12 hex of sha256(manifest)>/<dist.name>
#
# Any change to the manifest gives a new cache key, so a stale binary is never
# reused. If the binary exists, nothing is done. The binary's path is the last
# (and only) line on stdout; progress goes to stderr.
#
# Environment:
#   AISCOPE_CACHE              cache root (default ~/.cache/aiscope)
#   AISCOPE_OTELCOL_MANIFEST   another manifest to build (default: the repo's)
set -euo pipefail
# shellcheck source=tools/paths.sh
. "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

manifest="${AISCOPE_OTELCOL_MANIFEST:-$AISCOPE_REPO/tools/otelcol/builder-config.yaml}"
[ -f "$manifest" ] || aiscope_die "manifest not found: $manifest"

version="$(aiscope_manifest_dist_field "$manifest" version)"
name="$(aiscope_manifest_dist_field "$manifest" name)"
version="${version#v}"
[ -n "$version" ] || aiscope_die "no dist.version in $manifest"
[ -n "$name" ] || name=otelcol-aiscope
key="$(aiscope_sha256 "$manifest" | cut -c1-12)"
dest_dir="$AISCOPE_CACHE/otelcol/$key"
binary="$dest_dir/$name"

if [ -x "$binary" ]; then
    aiscope_log "up to date: $binary (collector $version, manifest $key)"
    echo "$binary"
    exit 0
fi

aiscope_need go sha256sum flock
aiscope_lock "otelcol-$key"
if [ -x "$binary" ]; then # built by whoever held the lock before us
    echo "$binary"
    exit 0
fi

started="$(date +%s)"

# 1. The builder, at the collector's own version.
builder_dir="$AISCOPE_CACHE/bin/builder-$version"
builder="$builder_dir/builder"
if [ ! -x "$builder" ]; then
    aiscope_log "installing the collector builder v$version into $builder_dir"
    GOBIN="$builder_dir" go install "go.opentelemetry.io/collector/cmd/builder@v$version" >&2
    [ -x "$builder" ] || aiscope_die "go install did not produce $builder"
fi

# 2. Generate and compile in a scratch directory beside the destination.
mkdir -p "$AISCOPE_CACHE/otelcol"
work="$(mktemp -d "$AISCOPE_CACHE/otelcol/.build-$key.XXXXXX")"
trap 'rm -rf "$work"' EXIT
src="$work/src"

# Copy the manifest, pointing dist.output_path at the scratch directory (the
# field is replaced inside the dist block, or added if it is missing).
awk -v out="$src" '
    /^[^[:space:]#]/ {
        if (in_dist && !done) { print "  output_path: " out; done = 1 }
        in_dist = ($0 ~ /^dist:[[:space:]]*$/)
    }
    in_dist && /^[[:space:]]+output_path:/ { print "  output_path: " out; done = 1; next }
    { print }
    END { if (in_dist && !done) print "  output_path: " out }
' "$manifest" >"$work/builder-config.yaml"

aiscope_log "building collector $version from $manifest (key $key); the first build takes several minutes"
builder_log="$work/builder.log"
if ! (cd "$work" && "$builder" --config builder-config.yaml) >"$builder_log" 2>&1; then
    cat "$builder_log" >&2
    # `go mod tidy` (run by the builder) also resolves the test-only imports
    # of every component package. When the module proxy refuses a module that
    # only a dependency's tests import, the builder stops although the
    # collector itself can be built. Fall back to `go mod tidy -e` plus the
    # builder's own compile command; a module the collector really needs
    # still makes `go build` fail below.
    if grep -q 'failed to update go.mod' "$builder_log" && [ -f "$src/go.mod" ]; then
        aiscope_log "the builder's go mod tidy failed (see above); retrying with go mod tidy -e"
        (cd "$src" && go mod tidy -e -compat=1.25) >&2 || true
        aiscope_log "compiling"
        (cd "$src" && CGO_ENABLED=0 go build -trimpath -o "$name" -ldflags='-s -w' .) >&2
    else
        aiscope_die "the collector builder failed (log above)"
    fi
else
    cat "$builder_log" >&2
fi

[ -x "$src/$name" ] || aiscope_die "no binary at $src/$name after the build"
"$src/$name" --version >&2 || aiscope_die "the built collector does not run"

mkdir -p "$dest_dir"
cp "$manifest" "$dest_dir/builder-config.yaml"
cp "$src/go.mod" "$src/go.sum" "$dest_dir/" 2>/dev/null || true
mv -f "$src/$name" "$binary.tmp.$$"
mv -f "$binary.tmp.$$" "$binary"
aiscope_log "built $binary in $(aiscope_elapsed "$started")"
echo "$binary"
