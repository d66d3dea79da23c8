#!/usr/bin/env bash
# Copy each path (a folder's contents, or a file) into the run's artifact folder.
set -euo pipefail
store="${RK_HARNESS_ARTIFACTS:?RK_HARNESS_ARTIFACTS is not set by the act harness}/${RK_NAME}"
mkdir -p "${store}"
count=0
while IFS= read -r item; do
    [ -n "${item}" ] || continue
    if [ -d "${item}" ]; then
        cp -R "${item%/}/." "${store}/"
        count=$((count + $(find "${item}" -type f | wc -l)))
    elif [ -f "${item}" ]; then
        cp "${item}" "${store}/"
        count=$((count + 1))
    fi
done <<<"${RK_PATHS}"
if [ "${count}" -eq 0 ]; then
    case "${RK_IF_NONE}" in
    error) echo "::error::no files found for artifact ${RK_NAME}"; exit 1 ;;
    warn) echo "::warning::no files found for artifact ${RK_NAME}" ;;
    esac
fi
echo "artifact ${RK_NAME}: ${count} file(s)"
