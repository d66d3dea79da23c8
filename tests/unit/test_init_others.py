"""`init` names the repository's own release workflows it leaves beside the kit's."""

from __future__ import annotations

from release_kit.init.others import other_releasers

OWN = {
    ".github/workflows/ci.yml": "jobs:\n  test:\n    steps:\n      - run: pytest\n",
    ".github/workflows/ship.yml": "steps:\n  - uses: softprops/action-gh-release@v2\n",
    ".github/workflows/pypi.yaml": "steps:\n  - uses: pypa/gh-action-pypi-publish@release/v1\n",
    ".github/workflows/tagger.yml": "run: |\n  git tag v1\n  git push origin refs/tags/v1\n",
    ".github/workflows/notes.yml": "# was: gh release create (retired)\nsteps: []\n",
    ".github/workflows/release-on-tag.yml": "steps:\n  - run: gh release create v1\n",
}


def test_each_other_workflow_that_releases_is_named_with_what_it_does() -> None:
    assert other_releasers(OWN, {".github/workflows/release-on-tag.yml"}) == [
        (".github/workflows/pypi.yaml", "publishes to PyPI"),
        (".github/workflows/ship.yml", "creates GitHub releases"),
        (".github/workflows/tagger.yml", "pushes tags"),
    ]
