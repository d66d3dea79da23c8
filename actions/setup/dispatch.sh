#!/usr/bin/env bash
# The root action (`uses: org/release-kit@v1`): run one release-kit command.
#
# `command` names an action of the kit (bump-version, ...) or any CLI command.
# An action's own script (actions/<command>/run.sh) runs when there is one, with
# the same RK_INPUT_* environment the action itself passes; otherwise the CLI
# command runs with `args` (one argument per line, never parsed by a shell) and
# its --json result becomes the output `json` (written by the kit: only that object).
set -euo pipefail

py=${RELEASE_KIT_PYTHON:?"RELEASE_KIT_PYTHON is not set: run actions/setup/setup.sh first"}
kit_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
command=${RK_INPUT_COMMAND:-}

if ! [[ "${command}" =~ ^[a-z][a-z0-9-]*$ ]]; then
    echo "::error::input command must be a release-kit command or action name (like bump-version), got '${command}'"
    exit 2
fi
if [ -f "${kit_root}/actions/${command}/run.sh" ]; then
    if [ -n "${RK_INPUT_ARGS:-}" ]; then
        echo "::error::input args is for CLI commands; ${command} takes its own inputs"
        exit 2
    fi
    exec bash "${kit_root}/actions/${command}/run.sh"
fi

argv=("${command}" -C "${RK_INPUT_WORKING_DIRECTORY:-.}" --json)
case "${RK_INPUT_DRY_RUN:-false}" in
true) argv+=(--dry-run) ;;
false) ;;
*)
    echo "::error::input dry-run must be true or false, got '${RK_INPUT_DRY_RUN}'"
    exit 2
    ;;
esac
while IFS= read -r arg; do
    if [ -n "${arg}" ]; then argv+=("${arg}"); fi
done <<<"${RK_INPUT_ARGS:-}"

# The kit writes its --json result (and nothing else it prints: log lines, masks,
# annotations) to the output `json` itself.
exec "${py}" -m release_kit "${argv[@]}"
