"""create-release: notes, assets, the release plan and the calls that carry it out.

Decisions are pure (notes, asset checks, the upload plan, `make_latest`, the
rolling plan, milestone and blocker checks); `ops.py`, `rolling.py`,
`verify.py` and `rollback.py` talk to GitHub through the client.
"""
