#!/usr/bin/env bash
# bump-version: `release-kit bump`, then `release-kit pr` (commit with the marker on
# the PR branch, push with --force-with-lease, open or update the PR).
#
# Inputs arrive only as RK_INPUT_* environment variables (never pasted into the
# script); the kit's interpreter is RELEASE_KIT_PYTHON (actions/setup/setup.sh).
# Every input is checked before anything is changed. Shared by actions/bump-version
# and the root action (`command: bump-version`).
set -euo pipefail

py=${RELEASE_KIT_PYTHON:?"RELEASE_KIT_PYTHON is not set: run actions/setup/setup.sh first"}

bool() { # bool NAME VALUE -> exit status 0 for true, 1 for false; exits 2 on anything else
    case "${2,,}" in
    true | yes | on | 1) return 0 ;;
    false | no | off | 0) return 1 ;;
    *)
        echo "::error::input ${1} must be true or false, got '${2}'"
        exit 2
        ;;
    esac
}

wd=${RK_INPUT_WORKING_DIRECTORY:-.}
bump=${RK_INPUT_BUMP:-}
if [ -z "${bump}" ]; then
    echo "::error::input bump is required: major, minor, patch, pre, release, dev, auto or a version"
    exit 2
fi
commit=false push=false open_pr=false dry_run=false
if bool commit "${RK_INPUT_COMMIT:-true}"; then commit=true; fi
if bool push "${RK_INPUT_PUSH:-true}"; then push=true; fi
if bool open-pr "${RK_INPUT_OPEN_PR:-true}"; then open_pr=true; fi
if bool dry-run "${RK_INPUT_DRY_RUN:-false}"; then dry_run=true; fi
if [ "${push}" = true ] && [ "${commit}" = false ]; then
    echo "::error::input push needs commit: true (there is nothing to push without the commit)"
    exit 2
fi
if [ "${open_pr}" = true ] && [ "${push}" = false ] && [ "${commit}" = true ]; then
    echo "::error::input open-pr needs push: true (the PR is opened from the pushed branch)"
    exit 2
fi

bump_args=(bump -C "${wd}" --json "${bump}")
if [ -n "${RK_INPUT_PRE_ID:-}" ]; then bump_args+=(--pre-id "${RK_INPUT_PRE_ID}"); fi
if [ "${dry_run}" = true ]; then bump_args+=(--dry-run); fi

result=$(mktemp "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/release-kit-bump.XXXXXX")
trap 'rm -f "${result}"' EXIT
"${py}" -m release_kit "${bump_args[@]}" | tee "${result}"

if [ "${commit}" = false ]; then
    echo "commit: false: the bump is left in the work tree"
    exit 0
fi
if [ "${dry_run}" = true ]; then
    echo "dry run: the bump would be committed on the PR branch; nothing was pushed"
    exit 0
fi
pr_args=(pr -C "${wd}" --bump-result "${result}")
if [ -n "${RK_INPUT_BRANCH:-}" ]; then pr_args+=(--branch "${RK_INPUT_BRANCH}"); fi
if [ -n "${RK_INPUT_BASE:-}" ]; then pr_args+=(--base "${RK_INPUT_BASE}"); fi
if [ -n "${RK_INPUT_MARKER:-}" ]; then pr_args+=(--marker "${RK_INPUT_MARKER}"); fi
if [ -n "${RK_INPUT_LABELS:-}" ]; then pr_args+=(--labels "${RK_INPUT_LABELS}"); fi
if [ "${push}" = false ]; then pr_args+=(--no-push); fi
if [ "${open_pr}" = false ]; then pr_args+=(--no-open-pr); fi
"${py}" -m release_kit "${pr_args[@]}"
