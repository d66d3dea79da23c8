"""JSON shapes of git database objects (commits, annotated tags, refs)."""

from __future__ import annotations

from typing import Any

from ghlocal.gitrepo import Commit, Person, TagObject


class GitShapes:
    """Mixed into Renderer: needs `repo_url` and `html_url`."""

    repo_url: str
    html_url: str

    def git_person(self, person: Person) -> dict[str, Any]:
        return {"name": person.name, "email": person.email, "date": person.date}

    def verification(self) -> dict[str, Any]:
        return {
            "verified": False,
            "reason": "unsigned",
            "signature": None,
            "payload": None,
            "verified_at": None,
        }

    def git_commit(self, commit: Commit) -> dict[str, Any]:
        url = f"{self.repo_url}/git/commits/{commit.sha}"
        return {
            "sha": commit.sha,
            "node_id": _node("C", commit.sha[:12]),
            "url": url,
            "html_url": f"{self.html_url}/commit/{commit.sha}",
            "author": self.git_person(commit.author),
            "committer": self.git_person(commit.committer),
            "tree": {"sha": commit.tree, "url": f"{self.repo_url}/git/trees/{commit.tree}"},
            "message": commit.message,
            "parents": [
                {
                    "sha": p,
                    "url": f"{self.repo_url}/git/commits/{p}",
                    "html_url": f"{self.html_url}/commit/{p}",
                }
                for p in commit.parents
            ],
            "verification": self.verification(),
        }

    def commit(self, commit: Commit) -> dict[str, Any]:
        """The `commit` schema (GET /commits/{ref}, compare)."""
        inner = self.git_commit(commit)
        return {
            "url": f"{self.repo_url}/commits/{commit.sha}",
            "sha": commit.sha,
            "node_id": inner["node_id"],
            "html_url": inner["html_url"],
            "comments_url": f"{self.repo_url}/commits/{commit.sha}/comments",
            "commit": {
                "url": inner["url"],
                "author": inner["author"],
                "committer": inner["committer"],
                "message": commit.message.rstrip("\n"),
                "comment_count": 0,
                "tree": inner["tree"],
                "verification": inner["verification"],
            },
            "author": None,
            "committer": None,
            "parents": inner["parents"],
        }

    def git_tag(self, tag: TagObject) -> dict[str, Any]:
        return {
            "sha": tag.sha,
            "node_id": _node("TA", tag.sha[:12]),
            "url": f"{self.repo_url}/git/tags/{tag.sha}",
            "tag": tag.tag,
            "message": tag.message,
            "tagger": self.git_person(tag.tagger),
            "object": {
                "sha": tag.object_sha,
                "type": tag.object_type,
                "url": f"{self.repo_url}/git/{tag.object_type}s/{tag.object_sha}",
            },
            "verification": self.verification(),
        }

    def git_ref(self, ref: str, sha: str, kind: str) -> dict[str, Any]:
        return {
            "ref": ref,
            "node_id": _node("REF", ref),
            "url": f"{self.repo_url}/git/{ref}",
            "object": {"sha": sha, "type": kind, "url": f"{self.repo_url}/git/{kind}s/{sha}"},
        }


def _node(kind: str, key: str) -> str:
    return f"{kind}_{key}"
