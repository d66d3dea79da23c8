"""JSON shapes of GitHub objects, complete enough to satisfy the OpenAPI schemas.

Git database shapes (commits, tags, refs) are in render_git.py.
"""

from __future__ import annotations

import hashlib
import zlib
from typing import Any

from ghlocal.render_git import GitShapes
from ghlocal.state import Asset, Label, Milestone, Release, State

_REPO_URLS = [
    "archive",
    "assignees",
    "blobs",
    "branches",
    "collaborators",
    "comments",
    "commits",
    "compare",
    "contents",
    "contributors",
    "deployments",
    "downloads",
    "events",
    "forks",
    "git_commits",
    "git_refs",
    "git_tags",
    "hooks",
    "issue_comment",
    "issue_events",
    "issues",
    "keys",
    "labels",
    "languages",
    "merges",
    "milestones",
    "notifications",
    "pulls",
    "releases",
    "stargazers",
    "statuses",
    "subscribers",
    "subscription",
    "tags",
    "teams",
    "trees",
]
_USER_URLS = [
    "events",
    "followers",
    "following",
    "gists",
    "organizations",
    "received_events",
    "repos",
    "starred",
    "subscriptions",
]


def node_id(kind: str, number: int | str) -> str:
    return f"{kind}_{number}"


class Renderer(GitShapes):
    """Builds response bodies for one repository served at `api_url`."""

    def __init__(self, api_url: str, owner: str, name: str, default_branch: str) -> None:
        self.api_url = api_url
        self.owner, self.name = owner, name
        self.default_branch = default_branch
        self.repo_url = f"{api_url}/repos/{owner}/{name}"
        self.html_url = f"https://github.com/{owner}/{name}"

    def user(self, login: str) -> dict[str, Any]:
        url = f"{self.api_url}/users/{login}"
        user_id = zlib.crc32(login.encode()) % 10_000_000
        body: dict[str, Any] = {f"{k}_url": f"{url}/{k}" for k in _USER_URLS}
        body.update(
            login=login,
            id=user_id,
            node_id=node_id("U", user_id),
            avatar_url=f"https://avatars.githubusercontent.com/u/{user_id}",
            gravatar_id="",
            url=url,
            html_url=f"https://github.com/{login}",
            type="Organization" if login == self.owner else "User",
            site_admin=False,
        )
        return body

    def repository(self, pushed_at: str) -> dict[str, Any]:
        body: dict[str, Any] = {f"{k}_url": f"{self.repo_url}/{k}" for k in _REPO_URLS}
        body.update(
            id=1296269,
            node_id=node_id("R", 1296269),
            name=self.name,
            full_name=f"{self.owner}/{self.name}",
            owner=self.user(self.owner),
            private=False,
            html_url=self.html_url,
            description=None,
            fork=False,
            url=self.repo_url,
            clone_url=f"{self.html_url}.git",
            git_url=f"git://github.com/{self.owner}/{self.name}.git",
            ssh_url=f"git@github.com:{self.owner}/{self.name}.git",
            svn_url=self.html_url,
            mirror_url=None,
            homepage=None,
            language="Python",
            default_branch=self.default_branch,
            visibility="public",
            license=None,
            pushed_at=pushed_at,
            created_at="2026-01-01T00:00:00Z",
            updated_at=pushed_at,
            permissions={
                "admin": True,
                "maintain": True,
                "push": True,
                "triage": True,
                "pull": True,
            },
            **dict.fromkeys(["has_issues", "has_projects", "has_wiki", "has_downloads"], True),
            **dict.fromkeys(["has_pages", "has_discussions", "archived", "disabled"], False),
            **dict.fromkeys(
                [
                    "forks",
                    "forks_count",
                    "open_issues",
                    "open_issues_count",
                    "size",
                    "stargazers_count",
                    "watchers",
                    "watchers_count",
                    "network_count",
                    "subscribers_count",
                ],
                0,
            ),
        )
        return body

    def asset(self, asset: Asset, tag: str) -> dict[str, Any]:
        return {
            "url": f"{self.repo_url}/releases/assets/{asset.id}",
            "browser_download_url": f"{self.api_url}/{self.owner}/{self.name}"
            f"/releases/download/{tag}/{asset.name}",
            "id": asset.id,
            "node_id": node_id("RA", asset.id),
            "name": asset.name,
            "label": asset.label,
            "state": "uploaded",
            "content_type": asset.content_type,
            "size": len(asset.data),
            "digest": "sha256:" + hashlib.sha256(asset.data).hexdigest(),
            "download_count": 0,
            "created_at": asset.created_at,
            "updated_at": asset.created_at,
            "uploader": self.user("github-actions[bot]"),
        }

    def release(self, release: Release, state: State) -> dict[str, Any]:
        url = f"{self.repo_url}/releases/{release.id}"
        tag = release.tag_name
        return {
            "url": url,
            "html_url": f"{self.html_url}/releases/tag/{tag}",
            "assets_url": f"{url}/assets",
            "upload_url": f"{url}/assets{{?name,label}}",
            "tarball_url": f"{self.repo_url}/tarball/{tag}",
            "zipball_url": f"{self.repo_url}/zipball/{tag}",
            "id": release.id,
            "node_id": node_id("RE", release.id),
            "tag_name": tag,
            "target_commitish": release.target_commitish,
            "name": release.name,
            "body": release.body,
            "draft": release.draft,
            "prerelease": release.prerelease,
            "created_at": release.created_at,
            "published_at": release.published_at,
            "author": self.user("github-actions[bot]"),
            "assets": [self.asset(state.assets[i], tag) for i in release.asset_ids],
        }

    def label(self, label: Label) -> dict[str, Any]:
        return {
            "id": label.id,
            "node_id": node_id("LA", label.id),
            "url": f"{self.repo_url}/labels/{label.name}",
            "name": label.name,
            "description": label.description,
            "color": label.color,
            "default": False,
        }

    def milestone(self, milestone: Milestone, state: State) -> dict[str, Any]:
        url = f"{self.repo_url}/milestones/{milestone.number}"
        mine = [i for i in state.issues.values() if i.milestone == milestone.number]
        return {
            "url": url,
            "html_url": f"{self.html_url}/milestone/{milestone.number}",
            "labels_url": f"{url}/labels",
            "id": milestone.id,
            "node_id": node_id("MI", milestone.id),
            "number": milestone.number,
            "state": milestone.state,
            "title": milestone.title,
            "description": milestone.description,
            "creator": self.user("octocat"),
            "open_issues": sum(1 for i in mine if i.state == "open"),
            "closed_issues": sum(1 for i in mine if i.state == "closed"),
            "created_at": milestone.created_at,
            "updated_at": milestone.closed_at or milestone.created_at,
            "closed_at": milestone.closed_at,
            "due_on": milestone.due_on,
        }
