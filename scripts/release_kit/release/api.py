"""The GitHub calls create-release makes, each one request (I/O edge, no decisions).

A create whose answer was lost (AnswerLostError) is read back before it is sent
again: the release by tag among all releases (GitHub's by-tag lookup hides
drafts), the asset by name among the release's assets, the tag by its ref. A
delete that finds its object already gone has done its work.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import quote

from release_kit.checksums import sha256_hex
from release_kit.errors import GitHubError
from release_kit.github import GitHubClient
from release_kit.release.assets import LocalAsset
from release_kit.release.plan import RemoteAsset


class ReleaseApi:
    """Releases, assets, tag refs, milestones and issues of one repository."""

    def __init__(self, client: GitHubClient) -> None:
        self.client = client

    def _p(self, suffix: str) -> str:
        return self.client.repo_path(suffix)

    # -- releases ------------------------------------------------------------------------

    def list_releases(self) -> list[dict[str, Any]]:
        """Every release, drafts included (GET /releases/tags/{tag} never returns drafts)."""
        return list(self.client.paginate(self._p("/releases")))

    @staticmethod
    def find(releases: Sequence[dict[str, Any]], tag: str) -> dict[str, Any] | None:
        for release in releases:
            if release.get("tag_name") == tag:
                return release
        return None

    def create(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Create the release; the caller found none with this tag, so one found later is ours."""
        tag = str(fields["tag_name"])
        try:
            return self.client.exactly_once(
                lambda: dict(self.client.post(self._p("/releases"), json=fields)),
                lambda: self.find(self.list_releases(), tag),
                f"create release {tag}",
            )
        except GitHubError as exc:
            # A retried POST whose first attempt went through: read back what exists.
            if exc.status == 422 and "already_exists" in exc.message:
                found = self.find(self.list_releases(), tag)
                if found is not None:
                    return found
            raise

    def update(self, release_id: int, fields: dict[str, Any]) -> dict[str, Any]:
        return dict(self.client.patch(self._p(f"/releases/{release_id}"), json=fields))

    def delete_release(self, release_id: int) -> None:
        """Delete a release; one already gone (a retry after a lost answer) is done."""
        _gone_is_done(lambda: self.client.delete(self._p(f"/releases/{release_id}")))

    def generate_notes(self, tag: str, target: str, previous_tag: str | None) -> str:
        payload: dict[str, Any] = {"tag_name": tag, "target_commitish": target}
        if previous_tag:
            payload["previous_tag_name"] = previous_tag
        path = self._p("/releases/generate-notes")
        answer = self.client.post(path, json=payload, idempotent=True)  # creates nothing
        return str(answer.get("body") or "")

    # -- assets --------------------------------------------------------------------------

    def upload(self, release: dict[str, Any], asset: LocalAsset, name: str) -> dict[str, Any]:
        """Upload an asset the release does not have; after a lost answer, look for it first."""
        try:
            return self.client.exactly_once(
                lambda: self.client.upload_asset(str(release["upload_url"]), name, asset.data),
                lambda: self._uploaded(release, asset, name, clear_broken=True),
                f"upload {name}",
            )
        except GitHubError as exc:
            # Stored by an attempt whose answer was lost, met on the retry: ours if same bytes.
            if exc.status == 422 and "already_exists" in exc.message:
                found = self._uploaded(release, asset, name, clear_broken=False)
                if found is not None:
                    return found
            raise

    def _uploaded(
        self, release: dict[str, Any], asset: LocalAsset, name: str, *, clear_broken: bool
    ) -> dict[str, Any] | None:
        """The release's asset `name` when it holds these bytes, else None.

        With `clear_broken`, an asset left half-uploaded (its state is not
        "uploaded": GitHub keeps a broken upload, and it blocks the name) is
        deleted so that the upload can be sent again.
        """
        for raw in self.client.paginate(self._p(f"/releases/{release['id']}/assets")):
            if raw.get("name") != name:
                continue
            remote = RemoteAsset.from_api(raw)
            if not remote.uploaded:
                if clear_broken:
                    self.delete_asset(remote.id)
                return None
            (found,) = self.with_digests([remote], [_named(asset, name)])
            return dict(raw) if found.sha256 == asset.sha256 else None
        return None

    def delete_asset(self, asset_id: int) -> None:
        """Delete an asset; one already gone (a retry after a lost answer) is done."""
        _gone_is_done(lambda: self.client.delete(self._p(f"/releases/assets/{asset_id}")))

    def rename_asset(self, asset_id: int, name: str) -> dict[str, Any]:
        return dict(self.client.patch(self._p(f"/releases/assets/{asset_id}"), json={"name": name}))

    def with_digests(
        self, remote: Sequence[RemoteAsset], local: Sequence[LocalAsset]
    ) -> list[RemoteAsset]:
        """Fill in the SHA-256 of same-named assets GitHub gave no `digest` for (downloads)."""
        wanted = {a.name: a for a in local}
        result = []
        for asset in remote:
            mine = wanted.get(asset.name)
            if asset.sha256 is None and asset.uploaded and mine is not None:
                if asset.size == mine.size:
                    data = self.client.download_asset(asset.id)
                    digest = sha256_hex(data)
                else:
                    digest = ""  # different size: different content, no download needed
                asset = RemoteAsset(asset.id, asset.name, asset.size, digest, asset.uploaded)
            result.append(asset)
        return result

    # -- tag refs ------------------------------------------------------------------------

    def tag_sha(self, tag: str) -> str | None:
        """The commit a tag points at (annotated tags peeled), None when it does not exist."""
        ref = self.client.get_or_none(self._p(f"/git/ref/tags/{quote(tag, safe='')}"))
        if not isinstance(ref, dict):
            return None
        obj = ref.get("object") or {}
        if obj.get("type") == "tag":
            tag_obj = self.client.get(self._p(f"/git/tags/{obj['sha']}"))
            return str(tag_obj["object"]["sha"])
        return str(obj.get("sha"))

    def create_tag_ref(self, tag: str, sha: str) -> None:
        """Create the tag at `sha`; after a lost answer, a tag found there is the one made."""
        payload = {"ref": f"refs/tags/{tag}", "sha": sha}

        def send() -> bool:
            self.client.post(self._p("/git/refs"), json=payload)
            return True

        self.client.exactly_once(
            send, lambda: True if self.tag_sha(tag) == sha else None, f"create tag {tag}"
        )

    def move_tag_ref(self, tag: str, sha: str) -> None:
        self.client.patch(
            self._p(f"/git/refs/tags/{quote(tag, safe='')}"), json={"sha": sha, "force": True}
        )

    def delete_tag_ref(self, tag: str) -> None:
        """Delete the tag ref; one already gone (a retry after a lost answer) is done."""
        path = self._p(f"/git/refs/tags/{quote(tag, safe='')}")
        _gone_is_done(lambda: self.client.delete(path), ref=True)

    # -- milestones and issues -----------------------------------------------------------

    def milestone(self, number: int) -> dict[str, Any] | None:
        """The milestone numbered `number`, None when there is none (404)."""
        found = self.client.get_or_none(self._p(f"/milestones/{number}"))
        return None if found is None else dict(found)

    def milestones(self, state: str) -> list[dict[str, Any]]:
        """The milestones in `state` (open, closed or all)."""
        return list(self.client.paginate(self._p("/milestones"), params={"state": state}))

    def close_milestone(self, number: int) -> None:
        self.client.patch(self._p(f"/milestones/{number}"), json={"state": "closed"})

    def issues(self, **params: str) -> list[dict[str, Any]]:
        return list(self.client.paginate(self._p("/issues"), params=params))


def _gone_is_done(delete: Callable[[], Any], *, ref: bool = False) -> None:
    """Run a DELETE; its object already gone is what was asked for.

    GitHub answers 404 for a release or an asset that does not exist, and 422
    "Reference does not exist" for a git ref.
    """
    try:
        delete()
    except GitHubError as exc:
        if exc.status == 404:
            return
        if ref and exc.status == 422 and "does not exist" in exc.message:
            return
        raise


def _named(asset: LocalAsset, name: str) -> LocalAsset:
    return LocalAsset(name, asset.path, asset.data, asset.sha256)
