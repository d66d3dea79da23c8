#!/usr/bin/env bash
# Copy one artifact (name) or each matching one (pattern) out of the run's artifact folder.
set -euo pipefail
store="${RK_HARNESS_ARTIFACTS:?RK_HARNESS_ARTIFACTS is not set by the act harness}"
mkdir -p "${RK_PATH}"
if [ -n "${RK_NAME}" ]; then
    if [ ! -d "${store}/${RK_NAME}" ]; then
        echo "::error::no artifact named ${RK_NAME}"
        exit 1
    fi
    cp -R "${store}/${RK_NAME}/." "${RK_PATH}/"
    exit 0
fi
found=0
for dir in "${store}"/*/; do
    name=$(basename "${dir}")
    # shellcheck disable=SC2254  # the pattern input is a glob on purpose
    case "${name}" in
    ${RK_PATTERN:-*})
        found=$((found + 1))
        if [ "${RK_MERGE}" = "true" ]; then
            cp -R "${dir}." "${RK_PATH}/"
        else
            mkdir -p "${RK_PATH}/${name}"
            cp -R "${dir}." "${RK_PATH}/${name}/"
        fi
        ;;
    esac
done
echo "${found} artifact(s) fetched"
