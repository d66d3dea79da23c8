"""Version sources: find the files that carry a project's version and edit them in place.

`detect(tree, cfg)` reads (from the work tree or from a commit); `plan_edits`
computes every edit and checks it before anything is written; `write_edits`
writes them (temp file + rename per file).
"""

from release_kit.sources.detect import detect
from release_kit.sources.edit import FileEdit, plan_edits, unified_diff, write_edits
from release_kit.sources.model import Carrier, Location, ProjectVersion

__all__ = [
    "Carrier",
    "FileEdit",
    "Location",
    "ProjectVersion",
    "detect",
    "plan_edits",
    "unified_diff",
    "write_edits",
]
