# shellcheck shell=bash
# Shared helpers for aiscope's tool scripts. Source it; do not run it.
#
# Conventions for every tools/build-*.sh script:
#   - progress and tool output go to stderr;
#   - stdout carries only the resulting path(s), the last line being the
#     artefact (so `x=$(tools/build-otelcol.sh)` is all a caller needs);
#   - everything slow is cached under $AISCOPE_CACHE, keyed by version or by
#     a hash of the input file, and a second run is a no-op;
#   - artefacts are built in a temporary directory and moved into place, so
#     an interrupted build never leaves a half-written binary behind.

# shellcheck disable=SC2034 # used by the scripts that source this file
AISCOPE_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AISCOPE_CACHE="${AISCOPE_CACHE:-${HOME}/.cache/aiscope}"
mkdir -p "$AISCOPE_CACHE"
AISCOPE_CACHE="$(cd "$AISCOPE_CACHE" && pwd)" # absolute, since scripts change directory
export AISCOPE_CACHE

aiscope_log() {
    printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2
}

aiscope_die() {
    aiscope_log "error: $*"
    exit 1
}

aiscope_need() {
    local cmd
    for cmd in "$@"; do
        command -v "$cmd" >/dev/null 2>&1 || aiscope_die "'$cmd' is not on PATH"
    done
}

# sha256 of a file, hex only.
aiscope_sha256() {
    sha256sum "$1" | cut -d' ' -f1
}

# Hold an exclusive lock for the rest of the calling script, so two builds of
# the same artefact (say, make -j or two shells) do not race. The lock is
# released when the script exits.
aiscope_lock() {
    local name="$1"
    mkdir -p "$AISCOPE_CACHE/locks"
    exec 9>"$AISCOPE_CACHE/locks/$name.lock"
    if ! flock -n 9; then
        aiscope_log "waiting for another build of $name to finish"
        flock 9
    fi
}

# Print elapsed seconds since the given `date +%s` value.
aiscope_elapsed() {
    echo "$(($(date +%s) - $1))s"
}

# Read one top-level `dist:` field (name, version, output_path, ...) from an
# OpenTelemetry Collector Builder manifest without needing a YAML parser.
aiscope_manifest_dist_field() {
    local manifest="$1" field="$2"
    awk -v field="$field" '
        /^[^[:space:]#]/ { in_dist = ($0 ~ /^dist:[[:space:]]*$/) ; next }
        in_dist && $0 ~ "^[[:space:]]+" field ":" {
            sub("^[[:space:]]+" field ":[[:space:]]*", "")
            sub("[[:space:]]+#.*$", "")
            gsub(/^["\047]|["\047]$/, "")
            print
            exit
        }
    ' "$manifest"
}
