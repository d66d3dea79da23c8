"""`python -m ghlocal --repo PATH [--port N]`: serve in the foreground, print the URL."""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

from ghlocal.server import LocalGitHub


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ghlocal", description=__doc__)
    parser.add_argument("--repo", type=Path, required=True, help="the bare repository to serve")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--owner", default="org")
    parser.add_argument("--name", default="repo")
    parser.add_argument("--token", default=None, help="require this token (default: any)")
    args = parser.parse_args(argv)
    if not (args.repo / "HEAD").is_file() and not (args.repo / ".git").exists():
        print(f"ghlocal: not a git repository: {args.repo}", file=sys.stderr)
        return 2
    server = LocalGitHub(
        args.repo, owner=args.owner, name=args.name, port=args.port, token=args.token
    ).bind()

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(server.api_url, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    for error in server.contract_errors:
        print(error, file=sys.stderr)
    return 1 if server.contract_errors else 0


if __name__ == "__main__":
    sys.exit(main())
