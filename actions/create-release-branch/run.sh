#!/usr/bin/env bash
# create-release-branch: turn the RK_INPUT_* environment into `release-kit branch` arguments.
# Values are passed as separate arguments, never evaluated.
set -euo pipefail

args=(branch)
opt() { # opt VALUE FLAG: add "FLAG VALUE" when VALUE is not empty
    if [ -n "$1" ]; then args+=("$2" "$1"); fi
}

opt "${RK_INPUT_TAG:-}" --tag
opt "${RK_INPUT_PATTERN:-}" --pattern
opt "${RK_INPUT_DISPATCH:-}" --dispatch
opt "${RK_INPUT_DISPATCH_REF:-}" --dispatch-ref
while IFS= read -r line; do
    line="${line%$'\r'}"
    if [ -n "${line//[[:space:]]/}" ]; then args+=(--dispatch-input "$line"); fi
done <<< "${RK_INPUT_DISPATCH_INPUTS:-}"
case "${RK_INPUT_DRY_RUN:-false}" in
    true) args+=(--dry-run) ;;
    false | "") ;;
    *) echo "::error::expected true or false for dry-run, got '${RK_INPUT_DRY_RUN}'"; exit 2 ;;
esac

exec "${RELEASE_KIT_PYTHON:?run actions/setup first}" -m release_kit "${args[@]}"
