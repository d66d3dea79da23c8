"""Handlers by OpenAPI operationId, one module per resource."""

from __future__ import annotations

from ghlocal.backend import Handler
from ghlocal.handlers import checks, issues, pulls, releases, repos

HANDLERS: dict[str, Handler] = {
    **repos.HANDLERS,
    **releases.HANDLERS,
    **pulls.HANDLERS,
    **issues.HANDLERS,
    **checks.HANDLERS,
}
