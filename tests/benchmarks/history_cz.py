"""Commitizen's bump decision per tag interval, through commitizen's own code.

Run by history.py with the benchmark environment's Python, inside the
generated repository. Reads a JSON list of [previous_tag, tag] pairs on stdin
and prints, per pair, the increment commitizen's `cz bump` would pick for
the commits `previous_tag..tag` (the same steps as its BumpCommand:
filter_commits_before_bump, then the highest increment over the messages
with the configured bump pattern and map), and the increment of each commit.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from commitizen import git
    from commitizen.config import read_cfg
    from commitizen.factory import committer_factory
    from commitizen.version_increment import VersionIncrement

    cfg = read_cfg()
    cz = committer_factory(cfg)
    zero = cfg.settings.get("major_version_zero", False)
    bump_map = cz.bump_map_major_version_zero if zero else cz.bump_map
    pattern = cz.bump_pattern
    results = []
    for previous, tag in json.load(sys.stdin):
        commits = cz.filter_commits_before_bump(git.get_commits(start=previous, end=tag))
        per = {
            c.rev: VersionIncrement.from_message(c.message, pattern, bump_map).name.lower()
            for c in commits
        }
        kind = VersionIncrement.get_highest_by_messages(
            (c.message for c in commits), pattern, bump_map
        )
        results.append({"tag": tag, "kind": kind.name.lower(), "per_commit": per})
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
