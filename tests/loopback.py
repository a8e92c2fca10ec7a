"""Public host names served by a loopback server, for tests of what the run does with public URLs (tests never
resolve names or leave the machine).

`public_session(base)` is a requests session whose every request goes to `base` (the loopback server) with its path
and query, while the fetcher and everything after it see the public URL (Fetcher accepts a session: the transport
seam). The SSRF guard is not part of this session, so use it with `fetch.allow_private_hosts: true` (the guard's
check_url then looks no name up).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter


class _ToLoopback(HTTPAdapter):
    def __init__(self, base: str) -> None:
        super().__init__()
        self.base = base.rstrip("/")

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        parts = urlsplit(request.url or "")
        request.headers["Host"] = parts.netloc
        request.url = self.base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return super().send(request, **kwargs)


def public_session(base: str) -> requests.Session:
    """A session that sends every http(s) request to the loopback server at `base` (see the module docstring)."""
    session = requests.Session()
    adapter = _ToLoopback(base)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
