"""The wheelhouse: an offline-installable, reproducible bundle of a release and its dependencies.

`release-kit wheelhouse` builds the project's sdist and wheel, collects a wheel of
every runtime dependency for each target (the running interpreter by default),
checks the wheel's version against the release version, packs everything into a
reproducible archive (by default `{name}-{version}-wheelhouse.tar.gz`, its files in
one folder or flat) with SHA256SUMS, manifest.json and INSTALL.txt, verifies it by
an offline install in a fresh venv, and only then moves the archive and its
`.sha256` into place. `wheelhouse merge` combines the partial wheelhouses of a
matrix build into one.

Modules: `settings` (configuration and targets), `naming` (pure: the archive-name
template and the layouts), `needs` (what the action installs for the builder),
`contents` (pure: checksums, manifest, install notes), `archive` (reproducible
tar.gz), `lock` (pure: constraints from uv.lock), `backend` (building the project),
`collect` (pip), `verify` (offline install), `pipeline` (build), `merge`, `publish`.
"""
