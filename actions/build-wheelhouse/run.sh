#!/usr/bin/env bash
# build-wheelhouse: turn the RK_INPUT_* environment into `release-kit wheelhouse` arguments.
# Values are passed as separate arguments, never evaluated.
set -euo pipefail

python="${RELEASE_KIT_PYTHON:?run actions/setup first}"
args=(wheelhouse)
if [ -n "${RK_INPUT_MERGE:-}" ]; then
    args+=(merge "${RK_INPUT_MERGE}")
fi
add_list() { # add_list TEXT FLAG: one "FLAG item" per line- or comma-separated item
    local item
    while IFS= read -r item; do
        item="${item#"${item%%[![:space:]]*}"}"
        item="${item%"${item##*[![:space:]]}"}"
        if [ -n "${item}" ]; then args+=("$2" "${item}"); fi
    done < <(printf '%s\n' "$1" | tr ',' '\n')
}
flag() { # flag VALUE FLAG WHEN: add FLAG when VALUE equals WHEN
    case "$1" in
        true | false | "") if [ "$1" = "$3" ]; then args+=("$2"); fi ;;
        *) echo "::error::expected true or false for ${2#--}, got '$1'"; exit 2 ;;
    esac
}

if [ -n "${RK_INPUT_VERSION:-}" ]; then args+=(--version "${RK_INPUT_VERSION}"); fi
add_list "${RK_INPUT_TARGETS:-}" --target
add_list "${RK_INPUT_CONSTRAINTS:-}" --constraint
if [ -n "${RK_INPUT_BUILDER:-}" ]; then args+=(--builder "${RK_INPUT_BUILDER}"); fi
if [ -n "${RK_INPUT_OUTPUT_DIR:-}" ]; then args+=(--out "${RK_INPUT_OUTPUT_DIR}"); fi
if [ -n "${RK_INPUT_DISTS_DIR:-}" ]; then args+=(--dists-dir "${RK_INPUT_DISTS_DIR}"); fi
if [ -n "${RK_INPUT_ARCHIVE_NAME:-}" ]; then args+=(--archive-name "${RK_INPUT_ARCHIVE_NAME}"); fi
if [ -n "${RK_INPUT_LAYOUT:-}" ]; then args+=(--layout "${RK_INPUT_LAYOUT}"); fi
flag "${RK_INPUT_VERIFY:-true}" --no-verify false
flag "${RK_INPUT_OVERWRITE:-false}" --overwrite true
flag "${RK_INPUT_DRY_RUN:-false}" --dry-run true
args+=(-C "${RK_INPUT_WORKING_DIRECTORY:-.}")

# The kit's venv is made without pip (fast set-up); the wheelhouse needs pip, and
# its builder: `build` from PyPI, or for builder uv the `uv` package from PyPI unless
# uv is on PATH. Both go into the kit's private venv, never the caller's Python.
if ! "${python}" -c 'import pip' 2>/dev/null; then
    "${python}" -m ensurepip --default-pip >/dev/null
fi
needs=()
if [ -z "${RK_INPUT_MERGE:-}" ]; then
    builder_args=(-C "${RK_INPUT_WORKING_DIRECTORY:-.}")
    if [ -n "${RK_INPUT_BUILDER:-}" ]; then builder_args+=(--builder "${RK_INPUT_BUILDER}"); fi
    while IFS= read -r need; do
        if [ -n "${need}" ]; then needs+=("${need}"); fi
    done < <("${python}" -m release_kit.wheelhouse.needs "${builder_args[@]}")
fi
if [ "${#needs[@]}" -gt 0 ]; then
    echo "::group::release-kit: adding ${needs[*]} to the kit's environment"
    "${python}" -m pip install --quiet --disable-pip-version-check "${needs[@]}"
    echo "::endgroup::"
fi

exec "${python}" -m release_kit "${args[@]}"
