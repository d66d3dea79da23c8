"""Next versions: major, minor, patch, pre, release, dev, or an explicit version.

Rules (both schemes):
- major/minor/patch follow npm: a pre-release of exactly that target is released
  (`2.0.0-rc.1` major -> `2.0.0`), otherwise the part is incremented and the lower
  parts zeroed. With `pre_id`, the result is the first pre-release of that target
  (`1.2.3` minor rc -> `1.3.0-rc.1`).
- pre: the next pre-release. Same id: its number goes up (`1.2.0-rc.1` -> `1.2.0-rc.2`);
  another id starts at 1 (`1.2.0-beta.3` rc -> `1.2.0-rc.1`, `3.0.0-dev` rc ->
  `3.0.0-rc.1`); from a release, a pre-release of the next patch (`1.2.3` -> `1.2.4-rc.1`).
- release: drop the pre-release part (`1.2.0-rc.2` -> `1.2.0`).
- dev: the `-dev` train kept on main between releases: the next major with a `dev`
  pre-release (`42.0.0` -> `43.0.0-dev`; PEP 440 `43.0.0.dev0`).
- anything else is an explicit version in the same scheme.
Whatever the kind, the result must rank above the current version, or VersionError.
"""

from __future__ import annotations

from release_kit.errors import VersionError
from release_kit.versioning import semver
from release_kit.versioning.version import Version, parse_version

KINDS = ("major", "minor", "patch", "pre", "release", "dev")
PRE_IDS_PEP440 = {"alpha": "a", "a": "a", "beta": "b", "b": "b", "rc": "rc", "c": "rc"}
_PART = {"major": 0, "minor": 1, "patch": 2}


def _target(release: tuple[int, int, int], is_pre: bool, kind: str) -> tuple[int, int, int]:
    index = _PART[kind]
    if is_pre and all(n == 0 for n in release[index + 1 :]):
        return release
    numbers = [*release[:index], release[index] + 1, 0, 0, 0]
    return (numbers[0], numbers[1], numbers[2])


def _semver_pre(parts: semver.SemVerParts, pre_id: str) -> tuple[str, ...]:
    if parts.pre and parts.pre[0] == pre_id:
        number = parts.pre[1] if len(parts.pre) > 1 else "0"
        if not number.isdigit():
            raise VersionError(f"cannot increment pre-release {'.'.join(parts.pre)!r}")
        return (pre_id, str(int(number) + 1))
    return (pre_id, "1")


def _bump_semver(current: Version, kind: str, pre_id: str | None) -> Version:
    parts = current.semver
    assert parts is not None
    core = (parts.major, parts.minor, parts.patch)
    if pre_id is not None and not semver.is_valid(f"0.0.0-{pre_id}"):
        raise VersionError(f"{pre_id!r} is not a valid pre-release identifier")
    if kind in _PART:
        target = _target(core, bool(parts.pre), kind)
        pre = (pre_id, "1") if pre_id else ()
        return _make_semver(target, pre)
    if kind == "pre":
        ident = pre_id or (parts.pre[0] if parts.pre and not parts.pre[0].isdigit() else "rc")
        if not parts.pre:
            return _make_semver((core[0], core[1], core[2] + 1), (ident, "1"))
        return _make_semver(core, _semver_pre(parts, ident))
    if kind == "release":
        return _make_semver(core, ())
    if kind == "dev":
        return _make_semver(_target(core, bool(parts.pre), "major"), ("dev",))
    raise AssertionError(kind)


def _make_semver(core: tuple[int, int, int], pre: tuple[str, ...]) -> Version:
    text = f"{core[0]}.{core[1]}.{core[2]}" + ("-" + ".".join(pre) if pre else "")
    return parse_version(text, "semver")


def _bump_pep440(current: Version, kind: str, pre_id: str | None) -> Version:
    v = current.pep440
    assert v is not None
    release = (*v.release, 0, 0)[: max(3, len(v.release))]
    core = (release[0], release[1], release[2])
    epoch = f"{v.epoch}!" if v.epoch else ""
    if pre_id is not None and pre_id != "dev" and pre_id not in PRE_IDS_PEP440:
        raise VersionError(f"PEP 440 pre-releases are alpha, beta, rc or dev, not {pre_id!r}")

    def make(numbers: tuple[int, ...], suffix: str = "") -> Version:
        return parse_version(epoch + ".".join(map(str, numbers)) + suffix, "pep440")

    def first_pre(ident: str) -> str:
        return ".dev0" if ident == "dev" else f"{PRE_IDS_PEP440[ident]}1"

    if kind in _PART:
        target = _target(core, v.is_prerelease, kind)
        numbers = target if len(release) <= 3 else (*target, *([0] * (len(release) - 3)))
        return make(numbers, first_pre(pre_id) if pre_id else "")
    if kind == "pre":
        if not v.is_prerelease:
            return make((core[0], core[1], core[2] + 1), first_pre(pre_id or "rc"))
        ident = pre_id or ("dev" if v.pre is None else v.pre[0])
        if ident == "dev":
            return make(v.release, f"{_pre_text(v.pre)}.dev{(v.dev or 0) + 1}")
        letter = PRE_IDS_PEP440.get(ident, ident)
        if v.pre is not None and v.pre[0] == letter and v.dev is None:
            return make(v.release, f"{letter}{v.pre[1] + 1}")
        if v.pre is not None and v.pre[0] == letter:  # 1.0rc1.dev2 -> 1.0rc1
            return make(v.release, f"{letter}{v.pre[1]}")
        return make(v.release, f"{letter}1")
    if kind == "release":
        return make(v.release)
    if kind == "dev":
        return make(_target(core, v.is_prerelease, "major"), ".dev0")
    raise AssertionError(kind)


def _pre_text(pre: tuple[str, int] | None) -> str:
    return "" if pre is None else f"{pre[0]}{pre[1]}"


def bump(current: Version, kind: str, pre_id: str | None = None) -> Version:
    """The version after `kind` (see the module doc); refuse anything not greater."""
    if kind in KINDS:
        if pre_id is not None and kind in ("release", "dev"):
            raise VersionError(f"--pre-id does not apply to a {kind} bump")
        new = (
            _bump_semver(current, kind, pre_id)
            if current.scheme == "semver"
            else _bump_pep440(current, kind, pre_id)
        )
    else:
        if pre_id is not None:
            raise VersionError("--pre-id does not apply to an explicit version")
        new = parse_version(kind.removeprefix("v") if kind[:1] == "v" else kind, current.scheme)
    if not new > current:
        raise VersionError(
            f"{kind} bump of {current} gives {new}, which is not greater than {current}"
            f" in {current.scheme} ordering"
        )
    return new


def first_prerelease(target: Version, pre_id: str) -> Version:
    """The first pre-release of `target`'s release (`1.2.0` rc -> `1.2.0-rc.1`, `1.2.0rc1`)."""
    if target.scheme == "semver":
        assert target.semver is not None
        core = (target.semver.major, target.semver.minor, target.semver.patch)
        if not semver.is_valid(f"0.0.0-{pre_id}"):
            raise VersionError(f"{pre_id!r} is not a valid pre-release identifier")
        return _make_semver(core, (pre_id, "1"))
    assert target.pep440 is not None
    if pre_id != "dev" and pre_id not in PRE_IDS_PEP440:
        raise VersionError(f"PEP 440 pre-releases are alpha, beta, rc or dev, not {pre_id!r}")
    suffix = ".dev0" if pre_id == "dev" else f"{PRE_IDS_PEP440[pre_id]}1"
    epoch = f"{target.pep440.epoch}!" if target.pep440.epoch else ""
    return parse_version(epoch + ".".join(map(str, target.pep440.release)) + suffix, "pep440")


def is_patch_release(previous: Version, new: Version) -> bool:
    """True when `new` is a patch-level release of the line `previous` is on."""
    return (
        not new.is_prerelease
        and (new.major, new.minor) == (previous.major, previous.minor)
        and new.patch > 0
    )
