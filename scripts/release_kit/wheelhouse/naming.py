"""The archive's file name and its inner layout: pure checks and rendering.

`[wheelhouse] archive-name` is a template with two placeholders:

- `{name}`: the distribution name from the wheel's metadata, normalized as in
  PEP 503 (`Hephaestus_Toolkit` -> `hephaestus-toolkit`);
- `{version}`: the release version as the wheel carries it.

The rendered name must be one plain file name ending in `.tar.gz`. Its stem
(without `.tar.gz`) names the archive's top folder in the `folder` layout;
the `flat` layout puts the files at the archive's top level.
"""

from __future__ import annotations

import string

from packaging.utils import canonicalize_name

from release_kit.errors import InputError

DEFAULT_ARCHIVE_NAME = "{name}-{version}-wheelhouse.tar.gz"
PLACEHOLDERS = ("name", "version")
SUFFIX = ".tar.gz"
FOLDER, FLAT = "folder", "flat"
LAYOUTS = (FOLDER, FLAT)


def archive_name_problem(template: str) -> str | None:
    """What is wrong with an archive-name template (None: it renders to a plain file name)."""
    try:
        fields = list(string.Formatter().parse(template))
    except ValueError as exc:
        return f"has unbalanced braces ({exc})"
    for _literal, field, spec, conversion in fields:
        if field is not None and (field not in PLACEHOLDERS or spec or conversion):
            known = ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
            return f"has an unknown placeholder {{{field}}} (known: {known})"
    return file_name_problem(template)


def file_name_problem(text: str) -> str | None:
    if "/" in text or "\\" in text:
        return "must be a file name, without a path separator"
    if ".." in text:
        return "must not contain '..'"
    if not text.endswith(SUFFIX) or text == SUFFIX:
        return f"must end in {SUFFIX} after a non-empty stem"
    return None


def check_archive_name(template: str, key: str = "archive-name") -> str:
    """The template itself, or an InputError naming `key` (a flag or an input)."""
    problem = archive_name_problem(template)
    if problem:
        raise InputError(f"{key} {template!r} {problem}")
    return template


def archive_file_name(template: str, name: str, version: str) -> str:
    """The archive's file name for a distribution and version (the template is checked first)."""
    rendered = check_archive_name(template).format(name=canonicalize_name(name), version=version)
    # The version comes from metadata; check the result too (a `/` or `..` must not slip in).
    problem = file_name_problem(rendered)
    if problem:
        raise InputError(f"archive name {rendered!r} (from {template!r}) {problem}")
    return rendered


def archive_stem(file_name: str) -> str:
    """The file name without `.tar.gz`: the top folder of the folder layout."""
    return file_name.removesuffix(SUFFIX)


def archive_glob(template: str) -> str:
    """A glob that matches every name the template renders: `*` for each placeholder, and
    one `*` for neighbours (`*-wheelhouse.tar.gz` for the default)."""
    out = check_archive_name(template)
    for placeholder in PLACEHOLDERS:
        out = out.replace(f"{{{placeholder}}}", "*")
    while "*-*" in out:
        out = out.replace("*-*", "*")
    return out
