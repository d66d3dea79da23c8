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
# Every preset `release-kit init` renders, linted like the templates themselves.
presets=$(mktemp -d "${TMPDIR:-/tmp}/release-kit-presets.XXXXXX")
trap 'rm -rf "${presets}"' EXIT
mapfile -t rendered < <(python -m release_kit.init.sync --presets "${presets}")
actionlint -shellcheck "$(command -v shellcheck)" "${rendered[@]}"
targets=("${workflows[@]}" "${actions[@]}" "${presets}")
for persona in regular pedantic auditor; do
    zizmor --offline --quiet --no-progress --config .github/zizmor.yml \
        --persona="${persona}" "${targets[@]}"
done
