"""Tags and release branches: which commit to tag, the tag itself, the branch after it.

Pure decisions: `ranges` (what a push brought), `markers` (which commits to
tag), `refs.decide` (create, already there, or conflict), `patterns` (branch
names), `floating` (the major tag), `github_ops.evaluate_checks`.
Adapters: `gitops` (git reads and pushes), `refs.ensure_*` (create once, handle
the push race), `github_ops` (checks wait, workflow dispatch), `runtime` (the
push event, the token for git, the tagger identity), `versions` (the version
and tag message at a commit). `tagger` and `brancher` put them together for
the `tag` and `branch` commands; `settings` reads `[tag]` and `[branch]`.
"""
