"""A local GitHub-compatible API server for tests and the demo (see LocalGitHub)."""

from ghlocal.faults import Fault
from ghlocal.server import LocalGitHub
from ghlocal.transport import RequestRecord

__all__ = ["Fault", "LocalGitHub", "RequestRecord"]
