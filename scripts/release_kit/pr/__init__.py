"""The bump PR flow: commit the bump with the marker on a fixed branch, push, open or update the PR.

`plan` decides (pure), `text` renders titles, bodies and summaries (pure),
`gitops` and `pulls` are the adapters to git and the GitHub API, and
`release_kit.commands.pr` ties them together.
"""
