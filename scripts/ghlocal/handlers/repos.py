"""Repository and git database endpoints, answered from the bare repository."""

from __future__ import annotations

from ghlocal.backend import Backend, Handler
from ghlocal.http import Call, HttpError, Reply, or_404, unprocessable


def get_repo(b: Backend, call: Call) -> Reply:
    heads = b.repo.refs("refs/heads/")
    pushed = None
    if heads:
        commit = b.repo.commit(heads[0][1])
        pushed = commit.committer.date if commit else None
    body = b.render.repository(pushed or "2026-01-01T00:00:00Z")
    body["default_branch"] = b.default_branch
    return Reply(200, body)


def _ref_reply(b: Backend, ref: str) -> Reply:
    found = or_404(b.repo.ref(ref))
    return Reply(200, b.render.git_ref(ref, *found))


def get_ref(b: Backend, call: Call) -> Reply:
    return _ref_reply(b, "refs/" + call.params["ref"])


def matching_refs(b: Backend, call: Call) -> Reply:
    prefix = "refs/" + call.params["ref"]
    rows = [r for r in b.repo.refs("refs/") if r[0].startswith(prefix)]
    return Reply(200, [b.render.git_ref(*row) for row in rows])


def create_ref(b: Backend, call: Call) -> Reply:
    data = call.json()
    ref, sha = str(data["ref"]), str(data["sha"])
    if not ref.startswith("refs/") or ref.count("/") < 2:
        raise unprocessable("Reference name must start with 'refs/' and have two slashes", "Ref")
    if b.repo.ref(ref) is not None:
        raise unprocessable("Reference already exists", "Ref")
    if b.repo.object_type(sha) is None:
        raise unprocessable("Object does not exist", "Ref")
    b.repo.update_ref(ref, sha)
    reply = _ref_reply(b, ref)
    reply.status = 201
    return reply


def update_ref(b: Backend, call: Call) -> Reply:
    data = call.json()
    ref = "refs/" + call.params["ref"]
    current = b.repo.ref(ref)
    if current is None:
        raise unprocessable("Reference does not exist", "Ref")
    sha = str(data["sha"])
    if b.repo.object_type(sha) is None:
        raise unprocessable("Object does not exist", "Ref")
    if not data.get("force") and not b.repo.is_ancestor(current[0], sha):
        raise unprocessable("Update is not a fast forward", "Ref")
    b.repo.update_ref(ref, sha, current[0])
    return _ref_reply(b, ref)


def delete_ref(b: Backend, call: Call) -> Reply:
    ref = "refs/" + call.params["ref"]
    if b.repo.ref(ref) is None:
        raise unprocessable("Reference does not exist", "Ref")
    b.repo.delete_ref(ref)
    return Reply(204)


def get_tag(b: Backend, call: Call) -> Reply:
    tag = or_404(b.repo.tag(call.params["tag_sha"]))
    return Reply(200, b.render.git_tag(tag))


def create_tag(b: Backend, call: Call) -> Reply:
    data = call.json()
    kind = str(data.get("type", "commit"))
    if b.repo.object_type(str(data["object"])) != kind:
        raise unprocessable("Object does not exist", "Tag")
    tagger = data.get("tagger") or {"name": "github-actions[bot]", "email": "actions@github.com"}
    stamp = f"{tagger['name']} <{tagger['email']}> 1762689600 +0000"
    sha = b.repo.make_tag(str(data["tag"]), str(data["object"]), kind, str(data["message"]), stamp)
    tag = b.repo.tag(sha)
    assert tag is not None
    return Reply(201, b.render.git_tag(tag))


def get_git_commit(b: Backend, call: Call) -> Reply:
    commit = or_404(b.repo.commit(call.params["commit_sha"]))
    return Reply(200, b.render.git_commit(commit))


def get_commit(b: Backend, call: Call) -> Reply:
    sha = b.repo.resolve(call.params["ref"]) or b.repo.resolve("refs/heads/" + call.params["ref"])
    commit = b.repo.commit(sha) if sha else None
    if commit is None:
        raise unprocessable(f"No commit found for SHA: {call.params['ref']}", "Commit")
    return Reply(200, b.render.commit(commit))


def compare(b: Backend, call: Call) -> Reply:
    base_rev, sep, head_rev = call.params["basehead"].partition("...")
    if not sep:
        raise HttpError(404, "Not Found")
    base, head = b.commit_sha(base_rev), b.commit_sha(head_rev)
    merge_base = b.repo.git("merge-base", base, head).strip()
    ahead = b.repo.log(f"{base}..{head}")
    behind = b.repo.log(f"{head}..{base}")
    status = (
        "identical"
        if not ahead and not behind
        else "ahead"
        if not behind
        else "behind"
        if not ahead
        else "diverged"
    )
    commits = [b.repo.commit(sha) for sha in ahead]
    base_commit, mb_commit = b.repo.commit(base), b.repo.commit(merge_base)
    assert base_commit is not None and mb_commit is not None
    html = f"{b.render.html_url}/compare/{call.params['basehead']}"
    return Reply(
        200,
        {
            "url": f"{b.render.repo_url}/compare/{call.params['basehead']}",
            "html_url": html,
            "permalink_url": html,
            "diff_url": html + ".diff",
            "patch_url": html + ".patch",
            "base_commit": b.render.commit(base_commit),
            "merge_base_commit": b.render.commit(mb_commit),
            "status": status,
            "ahead_by": len(ahead),
            "behind_by": len(behind),
            "total_commits": len(ahead),
            "commits": [b.render.commit(c) for c in commits if c is not None],
            "files": [],
        },
    )


HANDLERS: dict[str, Handler] = {
    "repos/get": get_repo,
    "git/get-ref": get_ref,
    "git/list-matching-refs": matching_refs,
    "git/create-ref": create_ref,
    "git/update-ref": update_ref,
    "git/delete-ref": delete_ref,
    "git/get-tag": get_tag,
    "git/create-tag": create_tag,
    "git/get-commit": get_git_commit,
    "repos/get-commit": get_commit,
    "repos/compare-commits-with-basehead": compare,
}
