"""HTTP plumbing of the local server: the threaded server, its handler, the request log."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

from ghlocal.http import Reply


class App(Protocol):
    def serve_request(self, h: RequestHandler) -> None: ...


@dataclass
class RequestRecord:
    method: str
    path: str
    status: int  # 0: connection dropped by a fault
    query: dict[str, str] = field(default_factory=dict)
    fault: bool = False
    applied: int = 0  # a lost answer: the status the handler gave before it was lost


class HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    app: App

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hung up (a timeout under a delay fault) is not a server error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class RequestHandler(BaseHTTPRequestHandler):
    server: HTTPServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms ACK wait)

    def _serve(self) -> None:
        self.server.app.serve_request(self)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is `LocalGitHub.requests`."""


def send_reply(h: RequestHandler, reply: Reply) -> None:
    data = reply.encode()
    h.send_response(reply.status)
    if data:
        h.send_header("Content-Type", reply.content_type)
    h.send_header("Content-Length", str(len(data)))
    h.send_header("X-GitHub-Media-Type", "github.v3; format=json")
    for key, value in reply.headers.items():
        h.send_header(key, value)
    h.end_headers()
    if data:
        h.wfile.write(data)
