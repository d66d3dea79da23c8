"""The one error hierarchy of release-kit.

Every failure the kit reports is a subclass of ReleaseKitError. The CLI turns
them into exit codes and `::error::` lines in one place (cli.main): exit 2 for
bad usage or bad input, exit 1 for a release step that was refused or failed.
"""

from __future__ import annotations


class ReleaseKitError(Exception):
    """A failure the kit reports to the user with a one-line reason."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line


class InputError(ReleaseKitError):
    """Bad usage or bad input: a malformed version, file, pattern or option (exit 2)."""

    exit_code = 2


class ConfigError(InputError):
    """The release-kit configuration is malformed or names an unknown key."""


class VersionError(InputError):
    """A version string is invalid for its scheme, or a requested bump is not allowed."""


class SourceError(InputError):
    """A file that carries the version cannot be read, parsed or edited."""


class RefusedError(ReleaseKitError):
    """A release step refused to run: policy, dirty tree, open blockers (exit 1)."""


class ConflictError(ReleaseKitError):
    """An existing object conflicts with the one requested (a tag on another commit)."""


class GitError(ReleaseKitError):
    """A git command failed."""


class NotARepositoryError(GitError, InputError):
    """The command needs a git repository and the directory is not in one (exit 2)."""

    exit_code = 2


class GitHubError(ReleaseKitError):
    """A GitHub API request failed after its retries."""

    # Set by release_kit.github.client: the HTTP status (None: no response), method, path.
    status: int | None = None
    method: str = ""
    path: str = ""


class AnswerLostError(GitHubError):
    """A request that is not idempotent may have been applied, but its answer was lost.

    Raised by the client, never retried by it: the connection dropped after the
    request was sent, or GitHub answered 5xx to a create. Sending it again could
    do the work twice; the caller reads back whether it was done (see
    GitHubClient.exactly_once) and re-sends only when it was not.
    """

    # What went wrong ("server error: Bad Gateway"), and the wait GitHub asked
    # for (Retry-After) when it answered at all.
    reason: str = ""
    wait: float | None = None
