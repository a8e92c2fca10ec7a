"""A tiny static HTTP server for the sample day (stdlib only).

Serves files under a directory, replacing the ASCII bytes ``{{BASE}}`` in .xml/.html/.yml files
with the server's own base URL, so feeds and pages can link to each other on a random port.
"""

from __future__ import annotations

import argparse
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

PLACEHOLDER = b"{{BASE}}"
TEMPLATED = frozenset({".xml", ".html", ".htm", ".yml", ".yaml"})
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".yml": "application/yaml; charset=utf-8",
    ".yaml": "application/yaml; charset=utf-8",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
}


def content_type(path: Path, body: bytes) -> str:
    """The Content-Type for a file: feeds sniffed as Atom or RSS, ``*.gbk.html`` as GBK."""
    name = path.name.lower()
    suffix = path.suffix.lower()
    if suffix == ".xml":
        kind = "atom" if b"<feed" in body[:1024] else "rss"
        return f"application/{kind}+xml; charset=utf-8"
    if name.endswith(".gbk.html"):
        return "text/html; charset=gbk"
    return CONTENT_TYPES.get(suffix, "application/octet-stream")


class SampleServer(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its root directory, latency and base URL."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], root: Path, latency: float = 0.0) -> None:
        super().__init__(address, SampleHandler)
        self.root = Path(root).resolve()
        self.latency = max(0.0, float(latency))
        host, port = self.server_address[:2]
        self.base_url = f"http://{host}:{port}"

    def handle_error(self, request, client_address) -> None:
        """Stay quiet: clients hanging up early is normal in tests."""


class SampleHandler(BaseHTTPRequestHandler):
    """GET/HEAD of files under the server root; anything else outside it is a 404."""

    server: SampleServer
    server_version = "SampleDay/1.0"

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """No request logging."""

    def _resolve(self) -> Path | None:
        raw = unquote(urlsplit(self.path).path)
        parts = [p for p in raw.split("/") if p]
        if not parts or any(p in ("..", ".") or "\\" in p or "\x00" in p for p in parts):
            return None
        root = self.server.root
        path = root.joinpath(*parts).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return None
        return path

    def _respond(self, send_body: bool) -> None:
        if self.server.latency:
            time.sleep(self.server.latency)
        path = self._resolve()
        if path is None:
            body = (
                b"<html><head><title>404 Not Found</title></head><body><h1>404 Not Found</h1></body></html>"
            )
            self._send(HTTPStatus.NOT_FOUND, "text/html; charset=utf-8", body, send_body)
            return
        body = path.read_bytes()
        if path.suffix.lower() in TEMPLATED:
            body = body.replace(PLACEHOLDER, self.server.base_url.encode("ascii"))
        self._send(HTTPStatus.OK, content_type(path, body), body, send_body)

    def _send(self, status: HTTPStatus, ctype: str, body: bytes, send_body: bool) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if send_body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def main() -> None:
    """Serve the sample day in the foreground: python -m generator.samples.server [--port N]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--latency", type=float, default=0.0)
    parser.add_argument("--dir", type=Path, default=Path(__file__).parent / "day")
    args = parser.parse_args()
    server = SampleServer(("127.0.0.1", args.port), args.dir, args.latency)
    print(f"Serving {args.dir} at {server.base_url}/ (Ctrl-C to stop)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
