#!/usr/bin/env bash
# push-tag: turn the RK_INPUT_* environment into `release-kit tag` arguments.
# Values are passed as separate arguments, never evaluated.
set -euo pipefail

args=(tag)
opt() { # opt VALUE FLAG: add "FLAG VALUE" when VALUE is not empty
    if [ -n "$1" ]; then args+=("$2" "$1"); fi
}
tristate() { # tristate VALUE NAME: --NAME / --no-NAME, nothing when empty
    case "$1" in
        true) args+=("--$2") ;;
        false) args+=("--no-$2") ;;
        "") ;;
        *) echo "::error::expected true or false for $2, got '$1'"; exit 2 ;;
    esac
}
lines() { # lines TEXT FLAG: add "FLAG LINE" for every non-empty line
    local line
    while IFS= read -r line; do
        line="${line%$'\r'}"
        if [ -n "${line//[[:space:]]/}" ]; then args+=("$2" "$line"); fi
    done <<< "$1"
}

opt "${RK_INPUT_MODE:-}" --mode
opt "${RK_INPUT_BEFORE:-}" --before
opt "${RK_INPUT_AFTER:-}" --after
opt "${RK_INPUT_REV:-}" --rev
opt "${RK_INPUT_VERSION:-}" --version
opt "${RK_INPUT_SIGNING_KEY:-}" --signing-key
opt "${RK_INPUT_SIGNING_FORMAT:-}" --signing-format
tristate "${RK_INPUT_FLOATING_MAJOR:-}" floating-major
tristate "${RK_INPUT_WAIT_FOR_CHECKS:-}" wait-for-checks
lines "${RK_INPUT_REQUIRED_CHECKS:-}" --required-check
opt "${RK_INPUT_CHECKS_TIMEOUT:-}" --checks-timeout
opt "${RK_INPUT_DISPATCH:-}" --dispatch
lines "${RK_INPUT_DISPATCH_INPUTS:-}" --dispatch-input
case "${RK_INPUT_DRY_RUN:-false}" in
    true) args+=(--dry-run) ;;
    false | "") ;;
    *) echo "::error::expected true or false for dry-run, got '${RK_INPUT_DRY_RUN}'"; exit 2 ;;
esac

exec "${RELEASE_KIT_PYTHON:?run actions/setup first}" -m release_kit "${args[@]}"
