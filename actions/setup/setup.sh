#!/usr/bin/env bash
# Provision release-kit's private Python environment, once per job.
#
# The venv lives under $RUNNER_TOOL_CACHE (else $RUNNER_TEMP) in a folder named
# for the kit's version and a digest of its sources, so a later step of the job
# (or a later job on the same runner) reuses it, and a changed checkout of the
# kit never runs stale code. The caller's Python is only used to create the
# venv: nothing is installed into it and PATH is left alone.
#
# Env in:  RK_SETUP_PYTHON (interpreter that creates the venv, default python3)
# Out:     RELEASE_KIT_PYTHON in $GITHUB_ENV; outputs python, version, cache-hit.
set -euo pipefail

kit_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
base_python=${RK_SETUP_PYTHON:-python3}

version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "${kit_root}/scripts/release_kit/__init__.py")
if [ -z "${version}" ]; then
    echo "::error::release-kit setup: no __version__ in ${kit_root}/scripts/release_kit/__init__.py"
    exit 1
fi
if command -v sha256sum >/dev/null 2>&1; then sha256=(sha256sum); else sha256=(shasum -a 256); fi
digest=$(
    cd "${kit_root}"
    find pyproject.toml scripts -type f -not -path '*/__pycache__/*' -not -path '*.egg-info/*' \
        -print0 | LC_ALL=C sort -z | xargs -0 "${sha256[@]}" | "${sha256[@]}" | cut -c1-12
)
cache_root="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}}/release-kit"
if ! mkdir -p "${cache_root}" 2>/dev/null || [ ! -w "${cache_root}" ]; then
    # A self-hosted runner's tool cache may be read-only: fall back to the job's temp.
    cache_root="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/release-kit"
fi
venv="${cache_root}/${version}-${digest}"
python="${venv}/bin/python"

publish() {
    echo "RELEASE_KIT_PYTHON=${python}" >>"${GITHUB_ENV:-/dev/null}"
    {
        echo "python=${python}"
        echo "version=${version}"
        echo "cache-hit=$1"
    } >>"${GITHUB_OUTPUT:-/dev/null}"
}

if [ -f "${venv}/.complete" ]; then
    echo "release-kit ${version}: reusing ${venv}"
    publish true
    exit 0
fi

mkdir -p "${cache_root}"
# One builder at a time for a key (jobs sharing a self-hosted runner's cache).
exec 9>"${venv}.lock"
if command -v flock >/dev/null 2>&1; then
    flock 9
fi
if [ -f "${venv}/.complete" ]; then
    echo "release-kit ${version}: reusing ${venv} (built by a concurrent step)"
    publish true
    exit 0
fi

if ! "${base_python}" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "::error::release-kit needs Python 3.11 or newer to create its environment; '${base_python}' is missing or older (use actions/setup-python before this step, or set the python input)"
    exit 1
fi

log="${cache_root}/${version}-${digest}.log"
echo "::group::release-kit ${version}: creating ${venv}"
rm -rf "${venv}"
# The venv gets no pip of its own when the base interpreter's pip can install
# into it (`pip --python`, pip >= 22.3): that saves seeding pip, about 3 s.
pip_opts=(install --quiet --disable-pip-version-check --no-input)
status=0
{
    if "${base_python}" -c 'import sys, pip; sys.exit(tuple(map(int, pip.__version__.split(".")[:2])) < (22, 3))' 2>/dev/null; then
        "${base_python}" -m venv --without-pip "${venv}" &&
            "${base_python}" -m pip --python "${python}" "${pip_opts[@]}" "${kit_root}"
    else
        "${base_python}" -m venv "${venv}" &&
            "${python}" -m pip "${pip_opts[@]}" "${kit_root}"
    fi
} >"${log}" 2>&1 || status=$?
if [ "${status}" -ne 0 ]; then
    cat "${log}"
    echo "::endgroup::"
    echo "::error::release-kit setup: installing the kit into ${venv} failed (exit ${status}); the pip log is above"
    rm -rf "${venv}"
    exit 1
fi
touch "${venv}/.complete"
echo "::endgroup::"
echo "release-kit ${version}: installed into ${venv}"
publish false
