#!/usr/bin/env bash
# actionlint on every workflow (repository CI and templates), zizmor (offline)
# on every workflow and action metadata file. Prints nothing when clean.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t workflows < <(find .github/workflows workflow-templates tests -name '*.yml' \
    -path '*workflow*' -not -path '*/fixtures/*' 2>/dev/null | sort)
mapfile -t actions < <(find . -name action.yml -not -path './.venv/*' | sort)
if [ "${#workflows[@]}" -gt 0 ]; then
    actionlint -shellcheck "$(command -v shellcheck)" "${workflows[@]}"
fi
targets=("${workflows[@]}" "${actions[@]}")
if [ "${#targets[@]}" -gt 0 ]; then
    zizmor --offline --quiet --no-progress "${targets[@]}"
fi
