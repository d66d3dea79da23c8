"""The `release-kit` command line.

Commands are imported lazily: `release-kit version` imports only what it uses,
so short commands start fast. Each command module provides
`add_arguments(parser)` and `run(args, ctx) -> int`. Errors from the one
hierarchy in errors.py become exit codes and, on a runner, `::error::` lines,
here and nowhere else.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, Protocol, cast

from release_kit import __version__
from release_kit.context import Context
from release_kit.errors import InputError, ReleaseKitError

# name -> (module, one-line help). Keep sorted by the order a release runs in.
COMMANDS: dict[str, tuple[str, str]] = {
    "version": ("release_kit.commands.version", "print the current version, its tag and sources"),
    "check": ("release_kit.commands.check", "every gate of a release run, before anything changes"),
    "bump": ("release_kit.commands.bump", "bump the version in every file that carries it"),
    "next-version": ("release_kit.commands.next_version", "the next version from commit messages"),
    "pr": ("release_kit.commands.pr", "commit the bump on a branch and open or update its PR"),
    "changelog": ("release_kit.commands.changelog", "write changelog notes from commit messages"),
    "tag": ("release_kit.commands.tag", "tag the marker commit of a push, or an untagged version"),
    "branch": ("release_kit.commands.branch", "create the release branch of a tag"),
    "wheelhouse": ("release_kit.commands.wheelhouse", "build or merge the offline wheelhouse"),
    "release": ("release_kit.commands.release", "create or update the GitHub release of a tag"),
    "verify": ("release_kit.commands.verify", "check a release: tag, state, assets, checksums"),
    "rollback": ("release_kit.commands.rollback", "delete a release and its tag (needs --yes)"),
    "init": ("release_kit.commands.init", "write a preset's release workflows and configuration"),
}


# Every command checks the whole configuration before it starts (config_check), at
# the repository root; these read it from the working directory instead, and init
# checks it itself (with --preset and --force it may replace a broken one), and check
# lists every problem of the file among its own.
CONFIG_AT_CWD = frozenset({"wheelhouse"})
CONFIG_CHECKED_BY_COMMAND = frozenset({"init", "check"})


class CommandModule(Protocol):
    def add_arguments(self, parser: argparse.ArgumentParser) -> None: ...

    def run(self, args: argparse.Namespace, ctx: Context) -> int: ...


class _Parser(argparse.ArgumentParser):
    """argparse's usage errors become InputError: one line, exit 2, JSON under --json."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("release-kit").strip()
        where = f"{command}: " if command else ""
        raise InputError(f"{where}{message} (see {self.prog} --help)")


def _common() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument(
        "--dry-run", action="store_true", help="print the plan and the diff, change nothing"
    )
    common.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    common.add_argument(
        "-C",
        "--directory",
        type=Path,
        default=None,
        metavar="DIR",
        help="run as if started in DIR (default: the current directory)",
    )
    return common


def _load(name: str) -> CommandModule:
    module_name, _ = COMMANDS[name]
    return cast(CommandModule, importlib.import_module(module_name))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, only that command's module is imported."""
    parser = _Parser(
        prog="release-kit",
        description="Bump, tag, branch and release a repository, the same way every time.",
    )
    parser.add_argument("--version", action="version", version=f"release-kit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _common()
    for name, (_, help_text) in COMMANDS.items():
        cmd = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        if name == only:
            _load(name).add_arguments(cmd)
    return parser


def _report(exc: ReleaseKitError, ctx: Context) -> None:
    from release_kit import runner

    if ctx.json:
        encoded = json.dumps({"error": exc.message, "exit_code": exc.exit_code})
        print(ctx.show_json(encoded), file=ctx.out)
        output_file = ctx.env.get("GITHUB_OUTPUT")
        if output_file:
            runner.write_outputs(output_file, {"json": encoded})
    print(ctx.show(f"release-kit: error: {exc.message}"), file=ctx.err)
    if ctx.in_actions:
        print(runner.error_line(exc.message, file=exc.file, line=exc.line), file=ctx.out)


def _check_configuration(command: str, cwd: Path) -> None:
    """Refuse a configuration error anywhere in the file before the command does anything."""
    if command in CONFIG_CHECKED_BY_COMMAND:
        return
    from release_kit.config_check import check_configuration_at, repository_root

    check_configuration_at(cwd if command in CONFIG_AT_CWD else repository_root(cwd))


def main(argv: Sequence[str] | None = None, ctx: Context | None = None) -> int:
    """Run one command; return its exit code (0 ok, 1 refused or failed, 2 bad input)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    only = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser(only if only in COMMANDS else None)
    if ctx is None:
        ctx = Context(cwd=Path.cwd(), env=dict(os.environ))
    try:
        args = parser.parse_args(args_list)
    except SystemExit as exc:  # --help and --version exit 0
        return int(exc.code or 0)
    except InputError as exc:  # usage errors (see _Parser), before --json is parsed
        ctx.json = ctx.json or "--json" in args_list
        _report(exc, ctx)
        return exc.exit_code
    if args.directory is not None:
        ctx.cwd = (ctx.cwd / args.directory).resolve()
    ctx.dry_run = ctx.dry_run or args.dry_run
    ctx.json = ctx.json or args.json
    try:
        _check_configuration(args.command, ctx.cwd)
        return _load(args.command).run(args, ctx)
    except ReleaseKitError as exc:
        _report(exc, ctx)
        return exc.exit_code


def entry() -> None:
    """Console-script entry point; a reader that closes the pipe early is not an error."""
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # Python would print a traceback while flushing at exit: point stdout at devnull.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 1
    sys.exit(code)
