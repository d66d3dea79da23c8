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

    def show(self, text: str) -> str:
        """`text` as it may be printed here: on a runner, never a workflow command (the
        text carries titles, messages and changelog lines a contributor wrote)."""
        if not self.in_actions:
            return text
        from release_kit import runner

        return runner.inert(text)

    def say(self, text: str) -> None:
        """Human-readable progress: stdout normally, stderr under --json (stdout is the JSON)."""
        print(self.show(text), file=self.err if self.json else self.out)

    def emit(self, payload: Mapping[str, Any], text: str | None = None) -> None:
        """The command's result: one JSON object under --json, else `text` when given.

        On a runner (`$GITHUB_OUTPUT` set) every key of `payload` also becomes a
        step output, so an action's outputs are exactly the command's --json keys;
        under --json the whole object is the `json` output too.
        """
        encoded = json.dumps(payload, indent=None, sort_keys=True) if self.json else ""
        if self.json:
            print(self.show_json(encoded), file=self.out)
        elif text:
            print(self.show(text), file=self.out)
        output_file = self.env.get("GITHUB_OUTPUT")
        if output_file:
            from release_kit import runner

            outputs: dict[str, object] = dict(payload)
            if self.json:  # the root action's `json` output: this object and nothing else
                outputs.setdefault("json", encoded)
            runner.write_outputs(output_file, outputs)

    def show_json(self, encoded: str) -> str:
        if not self.in_actions:
            return encoded
        from release_kit import runner

        return runner.inert_json(encoded)

    def summary(self, markdown: str) -> None:
        """Append Markdown to the step summary when on a runner; a no-op elsewhere."""
        summary_file = self.env.get("GITHUB_STEP_SUMMARY")
        if summary_file:
            from release_kit import runner

            runner.append_summary(summary_file, markdown)
