"""Versions: SemVer 2.0.0 and PEP 440, bump operations, and tag formats.

Pure functions of text: nothing here reads a file or runs git.
"""

from release_kit.versioning.bump import KINDS, bump, is_patch_release
from release_kit.versioning.tagformat import TagFormat
from release_kit.versioning.version import SCHEMES, Version, parse_any, parse_version

__all__ = [
    "KINDS",
    "SCHEMES",
    "TagFormat",
    "Version",
    "bump",
    "is_patch_release",
    "parse_any",
    "parse_version",
]
