"""LocalGitHub: a GitHub-compatible API for one repository, on 127.0.0.1, in a thread.

Each request goes: scripted fault? -> route to an OpenAPI operation -> check the
request against the description -> handler -> paginate -> check the response.
A contract violation answers 500 with the reason and is kept in
`contract_errors`, which the `local_github` fixture asserts empty at teardown.
"""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from ghlocal.backend import Backend, Handler
from ghlocal.contract import Contract
from ghlocal.faults import Fault, FaultBook
from ghlocal.gitrepo import BareRepo, GitFailure
from ghlocal.handlers import HANDLERS
from ghlocal.http import Call, HttpError, Reply, paginate
from ghlocal.merge import merge_pull
from ghlocal.render import Renderer
from ghlocal.state import State
from ghlocal.transport import HTTPServer, RequestHandler, RequestRecord, send_reply


class LocalGitHub:
    """The local server; use as a context manager or call start()/stop()."""

    def __init__(
        self,
        bare_repo: Path,
        *,
        owner: str = "org",
        name: str = "repo",
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
        contract: Contract | None = None,
        prefix: str = "",
    ) -> None:
        self.owner, self.name = owner, name
        self.prefix = prefix.rstrip("/")  # "/api/v3": served like GitHub Enterprise Server
        self.host, self.port = host, port
        self.token = token
        self.repo = BareRepo(Path(bare_repo))
        self.state = State()
        self.faults = FaultBook()
        self.contract = contract or Contract()
        self.requests: list[RequestRecord] = []
        self.contract_errors: list[str] = []
        self.overrides: dict[str, Handler] = {}
        self._lock = threading.RLock()
        self._server: HTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._backend: Backend | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def bind(self) -> LocalGitHub:
        if self._server is None:
            self._server = HTTPServer((self.host, self.port), RequestHandler)
            self._server.app = self
            self.port = self._server.server_address[1]
            render = Renderer(self.api_url, self.owner, self.name, "main")
            self._backend = Backend(self.repo, self.state, render)
            render.default_branch = self._backend.default_branch
        return self

    def start(self) -> LocalGitHub:
        self.bind()
        assert self._server is not None
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.bind()
        assert self._server is not None
        self._server.serve_forever()

    def stop(self) -> None:
        if self._server is not None:
            if self._thread is not None:
                self._server.shutdown()
                self._thread.join(timeout=5)
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LocalGitHub:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        return f"http://{self.host}:{self.port}{self.prefix}"

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            raise RuntimeError("LocalGitHub is not started")
        return self._backend

    # -- test controls -------------------------------------------------------------------

    def inject(
        self,
        method: str,
        path_regex: str,
        *,
        status: int | None = None,
        times: int = 1,
        retry_after: float | None = None,
        secondary_rate_limit: bool = False,
        drop: bool = False,
        delay: float = 0.0,
        applied: bool = False,
    ) -> Fault:
        """Script a fault for `times` requests (-1: forever) matching method and path.

        applied=True: the request is handled (its change kept) and its answer lost:
        a 502 (or `status`) is sent instead, or with drop=True no answer at all.
        """
        fault = Fault(
            method.upper(),
            path_regex,
            status=status,
            times=times,
            retry_after=retry_after,
            secondary_rate_limit=secondary_rate_limit,
            drop=drop,
            delay=delay,
            applied=applied,
        )
        return self.faults.add(fault)

    def override(self, operation_id: str, handler: Handler) -> None:
        """Replace the handler of one operation (e.g. to answer off-contract on purpose)."""
        self.overrides[operation_id] = handler

    def take_contract_errors(self) -> list[str]:
        with self._lock:
            errors, self.contract_errors = self.contract_errors, []
        return errors

    def merge_pull(self, number: int, *, method: str = "merge", delete_branch: bool = False) -> str:
        """Merge a pull request in the bare repository as a maintainer would; the new sha."""
        with self._lock:
            return merge_pull(self.backend, number, method=method, delete_branch=delete_branch)

    def calls(self, method: str, path_regex: str) -> list[RequestRecord]:
        """The logged requests matching method and path regex."""
        return [
            r
            for r in list(self.requests)
            if r.method == method.upper() and re.search(path_regex, r.path)
        ]

    # -- request pipeline ----------------------------------------------------------------

    def serve_request(self, h: RequestHandler) -> None:
        """One HTTP request, start to finish (called by the transport's handler thread)."""
        split = urlsplit(h.path)
        path = unquote(split.path)
        if self.prefix:
            path = path[len(self.prefix) :] if path.startswith(self.prefix + "/") else "/-"
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        body = h.rfile.read(int(h.headers.get("Content-Length") or 0))
        method = h.command
        fault = self.faults.take(method, path)
        call = Call(method, path, {}, query, body, dict(h.headers.items()))
        if fault is not None:
            if fault.delay:
                time.sleep(fault.delay)
            done = self._answer(call).status if fault.applied else 0  # the work, kept
            if fault.drop:
                self._record(RequestRecord(method, path, 0, query, fault=True, applied=done))
                h.close_connection = True
                return
            scripted = fault.response()
            if scripted is not None:
                status, headers, payload = scripted
                record = RequestRecord(method, path, status, query, fault=True, applied=done)
                self._record(record)
                send_reply(h, Reply(status, payload, headers))
                return
        reply = self._answer(call)
        self._record(RequestRecord(method, path, reply.status, query))
        send_reply(h, reply)

    def _record(self, record: RequestRecord) -> None:
        with self._lock:
            self.requests.append(record)

    def _answer(self, call: Call) -> Reply:
        if self.token is not None and call.header("Authorization") not in (
            f"Bearer {self.token}",
            f"token {self.token}",
        ):
            return HttpError(401, "Bad credentials").reply()
        download = re.fullmatch(
            rf"/{re.escape(self.owner)}/{re.escape(self.name)}/releases/download/([^/]+)/(.+)",
            call.path,
        )
        if download and call.method == "GET":
            from ghlocal.handlers.releases import download_file

            with self._lock:
                return _guard(lambda: download_file(self.backend, *download.groups()))
        matched = self.contract.match(call.method, call.path)
        if matched is None:
            return self._violation(f"{call.method} {call.path}", "request", ["no such operation"])
        op, call.params = matched
        if (call.params.get("owner"), call.params.get("repo")) != (self.owner, self.name):
            return HttpError(404, "Not Found").reply()
        content_type = call.header("Content-Type")
        problems = self.contract.check_request(op, call.query, call.body, content_type)
        if problems:
            return self._violation(op.operation_id, "request", problems)
        handler = self.overrides.get(op.operation_id) or HANDLERS.get(op.operation_id)
        if handler is None:
            return self._violation(op.operation_id, "request", ["ghlocal has no handler"])
        with self._lock:
            reply = _guard(lambda: handler(self.backend, call))
        if reply.status == 200 and any(
            p.get("$ref", "").endswith("/per-page") for p in op.spec.get("parameters", [])
        ):
            reply = paginate(reply, call.query, self.api_url + call.path)
        problems = self.contract.check_response(
            op, reply.status, reply.body, raw=reply.raw is not None
        )
        if problems:
            return self._violation(op.operation_id, f"response {reply.status}", problems)
        return reply

    def _violation(self, operation: str, part: str, problems: list[str]) -> Reply:
        reason = f"ghlocal contract violation: {operation} {part}: " + "; ".join(problems)
        with self._lock:
            self.contract_errors.append(reason)
        return Reply(500, {"message": reason, "documentation_url": "https://docs.github.com/rest"})


def _guard(run: Any) -> Reply:
    try:
        reply: Reply = run()
    except HttpError as exc:
        return exc.reply()
    except GitFailure as exc:
        return HttpError(422, f"git: {exc}").reply()
    return reply
