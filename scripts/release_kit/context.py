"""What a command needs from the outside world, passed in rather than read globally."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Context:
    """Working directory, environment, clock, output streams and the global flags."""

    cwd: Path
    env: Mapping[str, str]
    dry_run: bool = False
    json: bool = False
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    now: datetime = field(default_factory=_utcnow)

    @property
    def in_actions(self) -> bool:
        return self.env.get("GITHUB_ACTIONS") == "true"

    def say(self, text: str) -> None:
        """Human-readable progress: stdout normally, stderr under --json (stdout is the JSON)."""
        print(text, file=self.err if self.json else self.out)

    def emit(self, payload: Mapping[str, Any], text: str | None = None) -> None:
        """The command's result: one JSON object under --json, else `text` when given.

        On a runner (`$GITHUB_OUTPUT` set) every key of `payload` also becomes a
        step output, so an action's outputs are exactly the command's --json keys.
        """
        if self.json:
            print(json.dumps(payload, indent=None, sort_keys=True), file=self.out)
        elif text:
            print(text, file=self.out)
        output_file = self.env.get("GITHUB_OUTPUT")
        if output_file:
            from release_kit import runner

            runner.write_outputs(output_file, dict(payload))

    def summary(self, markdown: str) -> None:
        """Append Markdown to the step summary when on a runner; a no-op elsewhere."""
        summary_file = self.env.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            from release_kit import runner

            runner.append_summary(summary_file, markdown)
