"""`python -m release_kit` is the `release-kit` command."""

from release_kit.cli import entry

entry()
