#!/usr/bin/env bash
# create-release: turn the RK_INPUT_* environment into `release-kit release` arguments.
# Values are passed as separate arguments, never evaluated.
set -euo pipefail

args=(release)
opt() { # opt VALUE FLAG: add "FLAG VALUE" when VALUE is not empty
    if [ -n "$1" ]; then args+=("$2" "$1"); fi
}
flag() { # flag VALUE FLAG: add FLAG when VALUE is "true"
    case "$1" in
        true) args+=("$2") ;;
        false | "") ;;
        *) echo "::error::expected true or false for ${2#--}, got '$1'"; exit 2 ;;
    esac
}

publish=false
case "${RK_INPUT_PUBLISH:-false}" in
    true) publish=true ;;
    false | "") ;;
    *) echo "::error::expected true or false for publish, got '${RK_INPUT_PUBLISH}'"; exit 2 ;;
esac
if [ "${publish}" = true ]; then # the draft of `tag`, published as it is
    if [ -z "${RK_INPUT_TAG:-}" ]; then
        echo "::error::publish needs the tag of the draft to publish"
        exit 2
    fi
    args+=(--publish "${RK_INPUT_TAG}")
fi
if [ -n "${RK_INPUT_ROLLING_TAG:-}" ]; then
    args+=(--rolling "${RK_INPUT_ROLLING_TAG}")
elif [ -n "${RK_INPUT_TAG:-}" ] && [ "${publish}" = false ]; then
    args+=("${RK_INPUT_TAG}")
fi
opt "${RK_INPUT_TARGET:-}" --target
flag "${RK_INPUT_CREATE_TAG:-false}" --create-tag
opt "${RK_INPUT_NOTES:-}" --notes
opt "${RK_INPUT_NOTES_TEMPLATE:-}" --notes-template
opt "${RK_INPUT_ASSETS:-}" --asset
flag "${RK_INPUT_ALLOW_EMPTY:-false}" --allow-empty
case "${RK_INPUT_CHECKSUMS:-}" in
    "") ;;
    none) args+=(--checksums "") ;;
    *) args+=(--checksums "${RK_INPUT_CHECKSUMS}") ;;
esac
flag "${RK_INPUT_OVERWRITE:-false}" --overwrite
flag "${RK_INPUT_DRAFT:-false}" --draft
opt "${RK_INPUT_PRERELEASE:-}" --prerelease
opt "${RK_INPUT_MAKE_LATEST:-}" --make-latest
opt "${RK_INPUT_MILESTONE:-}" --milestone
opt "${RK_INPUT_BLOCKER_LABEL:-}" --blocker-label
flag "${RK_INPUT_DRY_RUN:-false}" --dry-run

exec "${RELEASE_KIT_PYTHON:?run actions/setup first}" -m release_kit "${args[@]}"
