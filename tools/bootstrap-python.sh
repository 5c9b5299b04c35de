#!/usr/bin/env bash
# Create the project's virtualenv (.venv in the project root) and install the
# project with its dev extra, editable: pip install -e '.[dev]'.
#
# A stamp file in the venv holds the sha256 of pyproject.toml; when it matches
# and the venv's Python still runs, nothing is done. pip's download cache is
# $AISCOPE_CACHE/pip. The venv's directory is the last line on stdout.
#
# Usage: tools/bootstrap-python.sh [PROJECT_DIR]   (default: the repo root)
# Environment: AISCOPE_CACHE, PYTHON (interpreter to create the venv with,
# default python3).
set -euo pipefail
# shellcheck source=tools/paths.sh
. "$(dirname "${BASH_SOURCE[0]}")/paths.sh"

project="$(cd "${1:-$AISCOPE_REPO}" && pwd)"
pyproject="$project/pyproject.toml"
venv="$project/.venv"
stamp="$venv/.aiscope-pyproject.sha256"
python="${PYTHON:-python3}"

[ -f "$pyproject" ] || aiscope_die "no pyproject.toml in $project"
want="$(aiscope_sha256 "$pyproject")"

venv_works() {
    [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import sys' >/dev/null 2>&1
}

if venv_works && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    aiscope_log "up to date: $venv"
    echo "$venv"
    exit 0
fi

aiscope_need "$python" flock
aiscope_lock "venv-$(printf '%s' "$project" | sha256sum | cut -c1-12)"
started="$(date +%s)"

if ! venv_works; then
    [ -e "$venv" ] && { aiscope_log "removing a broken venv at $venv"; rm -rf "$venv"; }
    aiscope_log "creating $venv with $("$python" --version 2>&1)"
    "$python" -m venv "$venv" >&2
fi

rm -f "$stamp"
export PIP_CACHE_DIR="$AISCOPE_CACHE/pip"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PIP_NO_INPUT=1
mkdir -p "$PIP_CACHE_DIR"
aiscope_log "installing ${project}[dev] (editable) into $venv"
(cd "$project" && "$venv/bin/python" -m pip install --progress-bar off -e '.[dev]') >&2

echo "$want" >"$stamp"
aiscope_log "venv ready in $(aiscope_elapsed "$started")"
echo "$venv"
