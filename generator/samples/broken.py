"""The broken day: feeds that fail in every way feeds fail on the web, served on loopback (stdlib only).

`serve_broken_sources()` yields {source name: URL}, one source per fault:

| name | what the server does |
|---|---|
| malformed | a feed cut off inside its first tag (not well-formed XML, no entries) |
| html-page | an HTML page served as the feed |
| error-500 | HTTP 500, every time |
| missing-404 | HTTP 404 |
| redirect-loop | 302 to a page that redirects back |
| metadata-redirect | 302 to the cloud metadata address 169.254.169.254 |
| intranet-redirect | 301 to the private address 10.0.0.8 |
| endless | a body that never ends, as fast as the client reads |
| trickle | a valid feed, one byte every `gap_s` seconds (headers at once) |
| silent | accepts the connection and never answers |

`server.hung_up[path]` counts the bytes of the body sent before the client hung up on a trickle or an endless
body (proof that a limit ended it), `server.requests[path]` the requests per path. Refusing the two private
redirects needs `fetch.allow_private_hosts: ["127.0.0.0/8"]` (loopback only), not `true`.
"""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TRICKLED_FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Trickle</title>'
    b"<link>https://trickle.example/</link><item><title>Arrives one byte at a time</title>"
    b"<link>https://trickle.example/a</link><pubDate>Sun, 15 Nov 2026 20:30:00 +0800</pubDate></item>"
    b"</channel></rss>"
)

BROKEN_SOURCES = {
    "malformed": "/malformed.xml",
    "html-page": "/page.html",
    "error-500": "/error",
    "missing-404": "/missing",
    "redirect-loop": "/loop-a",
    "metadata-redirect": "/metadata",
    "intranet-redirect": "/intranet",
    "endless": "/endless",
    "trickle": "/trickle",
    "silent": "/silent",
}

_FIXED: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
    "/malformed.xml": (
        200,
        "application/rss+xml",
        b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements',
        {},
    ),
    "/page.html": (200, "text/html", b"<html><body><h1>Welcome</h1><p>Not a feed.</p></body></html>", {}),
    "/error": (500, "text/plain", b"internal error", {}),
    "/missing": (404, "text/plain", b"not found", {}),
    "/loop-a": (302, "text/plain", b"", {"Location": "/loop-b"}),
    "/loop-b": (302, "text/plain", b"", {"Location": "/loop-a"}),
    "/metadata": (302, "text/plain", b"", {"Location": "http://169.254.169.254/latest/meta-data/"}),
    "/intranet": (301, "text/plain", b"", {"Location": "http://10.0.0.8/feed.xml"}),
}


class BrokenServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, gap_s: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.gap_s = gap_s
        self.stopping = threading.Event()
        self.hung_up: dict[str, int] = {}
        self.requests: Counter[str] = Counter()
        self.base_url = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: clients hang up on purpose here."""


class _Handler(BaseHTTPRequestHandler):
    server: BrokenServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """No request log."""

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.server.requests[path] += 1
        if path == "/silent":
            self.server.stopping.wait()  # until the server stops; the client gives up first
            return
        if path in ("/trickle", "/endless"):
            self._stream(path)
            return
        status, kind, body, headers = _FIXED.get(path, (404, "text/plain", b"not found", {}))
        self.send_response(status)
        for name, value in {"Content-Type": kind, "Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _stream(self, path: str) -> None:
        trickle = path == "/trickle"
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Connection", "close")
        if trickle:
            self.send_header("Content-Length", str(len(TRICKLED_FEED)))
        self.end_headers()
        sent = 0
        try:
            while not self.server.stopping.is_set():
                if trickle:
                    if sent == len(TRICKLED_FEED):
                        return
                    self.wfile.write(TRICKLED_FEED[sent : sent + 1])
                    self.wfile.flush()
                    sent += 1
                    self.server.stopping.wait(self.server.gap_s)
                else:
                    self.wfile.write(b"<!-- padding -->" * 4096)
                    sent += 16 * 4096
        except OSError:  # the client hung up
            self.server.hung_up[path] = sent
            self.close_connection = True


@contextlib.contextmanager
def serve_broken_sources(gap_s: float = 1.0) -> Iterator[tuple[BrokenServer, dict[str, str]]]:
    """Serve the broken sources on 127.0.0.1 (a free port); yield the server and {source name: URL}."""
    server = BrokenServer(gap_s)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server, {name: server.base_url + path for name, path in BROKEN_SOURCES.items()}
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
