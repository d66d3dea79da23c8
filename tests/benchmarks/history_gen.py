"""A big, realistic Conventional Commits history, written with one `git fast-import`.

Deterministic for a seed. Subjects mix conforming commits (with scopes, PR
numbers, bodies, footers, `!` and BREAKING CHANGE), GitHub squash merges
whose `* ` items are the real changes, `git revert` messages, merge commits of
short topic branches, odd-case types and plain non-conforming subjects. A tag
closes every interval; a few commits after the last tag stay unreleased.
"""

from __future__ import annotations

import random
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

TYPES = [
    ("feat", 15),
    ("fix", 25),
    ("docs", 8),
    ("chore", 12),
    ("refactor", 6),
    ("perf", 3),
    ("test", 6),
    ("ci", 4),
    ("build", 3),
    ("style", 2),
]
SCOPES = ["api", "cli", "core", "parser", "ui", "db", "auth", "deps", "build", "docs"]
VERBS = ["add", "fix", "handle", "support", "remove", "rework", "speed up", "document", "guard"]
THINGS = [
    "retry on timeouts",
    "empty config files",
    "unicode paths",
    "the cache layer",
    "pagination of results",
    "Windows line endings",
    "a race in the scheduler",
    "the login form",
    "large uploads",
    "dark mode",
    "log rotation",
    "the plugin loader",
]
PLAIN = [
    "Update README.md",
    "WIP",
    "Bump requests from 2.31.0 to 2.32.0",
    "Merge fixes",
    "small cleanups",
    "Address review comments",
]
SENTENCES = [
    "The previous behaviour dropped the last item when the page was full.",
    "This keeps the public API unchanged.",
    "Callers that relied on the old default must pass it explicitly now.",
    "See the discussion in the linked issue for the trade-offs.",
    "Tests cover the empty and the one-element cases.",
    "No functional change for existing configurations.",
]
PEOPLE = ["Ada Lovelace <ada@example.com>", "Grace Hopper <grace@example.com>"]
BASE_DATE = 1_420_070_400  # 2015-01-01


@dataclass
class Spec:
    commits: int = 10_000
    tags: int = 1_000
    unreleased: int = 12
    seed: int = 7
    files: int = 40


@dataclass
class _State:
    rng: random.Random
    pr: int = 100
    recent: list[tuple[int, str]] = field(default_factory=list)  # (mark, header)
    mark: int = 0
    blob_mark: int = 0


def _subject(rng: random.Random) -> str:
    return f"{rng.choice(VERBS)} {rng.choice(THINGS)}"


def _ctype(rng: random.Random) -> str:
    names, weights = zip(*TYPES, strict=True)
    return rng.choices(names, weights)[0]


def _header(rng: random.Random, *, bang_rate: float = 0.003) -> str:
    kind = _ctype(rng)
    scope = f"({rng.choice(SCOPES)})" if rng.random() < 0.4 else ""
    bang = "!" if rng.random() < bang_rate else ""
    if rng.random() < 0.005:
        kind = kind.capitalize()  # "Fix: ..." – the spec says types are case-insensitive
    return f"{kind}{scope}{bang}: {_subject(rng)}"


def _body(rng: random.Random) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(1, 3)))


def message(st: _State) -> str:
    """One commit message of the mix described in the module docstring."""
    rng = st.rng
    roll = rng.random()
    st.pr += 1
    pr = f" (#{st.pr})"
    if roll < 0.08:  # GitHub squash merge: title + `* ` items
        title = _header(rng) if rng.random() < 0.7 else _subject(rng).capitalize()
        items = [_header(rng, bang_rate=0.01) for _ in range(rng.randint(2, 6))]
        if rng.random() < 0.3:
            items.append("wip")
        body = "\n\n".join(f"* {item}" for item in items)
        return f"{title}{pr}\n\n{body}\n\nCo-authored-by: {rng.choice(PEOPLE)}\n"
    if roll < 0.09 and st.recent:  # `git revert`
        _, header = rng.choice(st.recent)
        sha = f"{rng.getrandbits(160):040x}"
        return f'Revert "{header}"\n\nThis reverts commit {sha}.\n'
    if roll < 0.16:  # not conventional at all
        text = rng.choice(PLAIN)
        if rng.random() < 0.03:
            text += "\n\nBREAKING CHANGE: the old flag is gone"
        return text + "\n"
    header = _header(rng)
    st.recent = [*st.recent[-20:], (st.mark, header)]
    parts = [header + (pr if rng.random() < 0.5 else "")]
    if rng.random() < 0.4:
        parts.append(_body(rng))
    footers = []
    if rng.random() < 0.004:
        footers.append("BREAKING CHANGE: " + rng.choice(SENTENCES))
    if rng.random() < 0.2:
        footers.append(f"Refs: #{rng.randint(1, st.pr)}")
    if rng.random() < 0.1:
        footers.append(f"Co-authored-by: {rng.choice(PEOPLE)}")
    if footers:
        parts.append("\n".join(footers))
    return "\n\n".join(parts) + "\n"


def _data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n%s\n" % (len(raw), raw)


def _commit(out: list[bytes], st: _State, ref: str, msg: str, parents: list[int], when: int) -> int:
    st.mark += 1
    st.blob_mark += 0
    path = f"src/module_{st.mark % 40}.py"
    out.append(f"commit {ref}\nmark :{st.mark}\n".encode())
    out.append(f"committer Dev <dev@example.com> {when} +0000\n".encode())
    out.append(_data(msg))
    if parents:
        out.append(f"from :{parents[0]}\n".encode())
        for extra in parents[1:]:
            out.append(f"merge :{extra}\n".encode())
    out.append(f"M 100644 inline {path}\n".encode())
    out.append(_data(f"VALUE = {st.mark}\n"))
    return st.mark


PYPROJECT = """[project]
name = "bench"
version = "1.0.0"

[tool.commitizen]
name = "cz_conventional_commits"
tag_format = "v$version"
version_provider = "scm"
version_scheme = "semver2"
major_version_zero = false

[tool.semantic_release]
tag_format = "v{version}"
allow_zero_version = false
major_on_zero = true
commit_parser = "conventional"

[tool.semantic_release.branches.main]
match = "main"
prerelease = false

[tool.semantic_release.changelog]
mode = "init"

[tool.semantic_release.changelog.default_templates]
changelog_file = "CHANGELOG.md"
"""


def generate(path: Path, spec: Spec) -> list[str]:
    """Create the repository at `path`; return the tag names, oldest first."""
    rng = random.Random(spec.seed)
    st = _State(rng)
    subprocess.run(["git", "init", "-q", "-b", "main", str(path)], check=True)
    out: list[bytes] = []
    when = BASE_DATE
    released = spec.commits - spec.unreleased
    cuts = [*sorted(rng.sample(range(2, released), spec.tags - 1)), released]
    head = _commit(out, st, "refs/heads/main", "chore: initial import\n", [], when)
    out.append(b"M 100644 inline pyproject.toml\n" + _data(PYPROJECT))
    count, tags, version = 1, [], [1, 0, 0]
    cut_index = 0
    while count < spec.commits:
        when += 3600
        if rng.random() < 0.01 and count + 3 < cuts[cut_index]:  # a topic branch, merged
            side = head
            for _ in range(2):
                side = _commit(out, st, "refs/heads/topic", message(st), [side], when)
                when += 60
            st.pr += 1
            msg = f"Merge pull request #{st.pr} from dev/topic-{st.pr}\n\n{_header(rng)}\n"
            head = _commit(out, st, "refs/heads/main", msg, [head, side], when)
            count += 3
        else:
            head = _commit(out, st, "refs/heads/main", message(st), [head], when)
            count += 1
        while cut_index < len(cuts) and count >= cuts[cut_index]:
            name = "v" + ".".join(map(str, version))
            out.append(f"tag {name}\nfrom :{head}\n".encode())
            out.append(f"tagger Dev <dev@example.com> {when} +0000\n".encode() + _data(name))
            tags.append(name)
            bump = rng.choices([0, 1, 2], [3, 30, 67])[0]
            version = [*version[:bump], version[bump] + 1, 0, 0][:3]
            cut_index += 1
    out.append(b"reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=path, input=b"".join(out), check=True)
    subprocess.run(["git", "update-ref", "-d", "refs/heads/topic"], cwd=path, check=False)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=path, check=True)
    subprocess.run(
        ["git", "remote", "add", "origin", "https://github.com/org/bench.git"], cwd=path, check=True
    )
    return tags
