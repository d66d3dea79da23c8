"""Tags and release branches: which commit to tag, the tag itself, the branch after it.

Pure decisions live in `markers`, `ranges`, `plan`, `patterns` and `floating`
(text and SHAs in, decisions out); `gitops` is the thin layer that runs git
for them, and `github_ops` the one that talks to the GitHub API (required
checks, workflow dispatch).
"""
