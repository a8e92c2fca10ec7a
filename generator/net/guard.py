"""Under requests: which addresses a connection may reach (the SSRF guard) and when a try is cut off (the watch).

`check_url` refuses a URL before any request; the guarded connection refuses a socket that reached a non-public
address all the same (the DNS answer changed in between: "DNS rebinding").

A `Watch` gives one try a wall-clock limit. A read timeout restarts with every byte (it bounds each `recv`), so a
server that trickles a byte a second never trips it, and neither does one that trickles its headers or a slow chain
of redirects. At the limit the watch shuts the socket of the connection in use down: shutdown(2) ends a `recv` or
`send` blocked in another thread at once (closing the socket would not). Connections learn which watch is theirs
from the thread they are used in, so the watch needs nothing from requests but its documented connection classes.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from generator.config import FetchSettings
from generator.errors import BlockedURLError, FetchError
from generator.urls import is_link_local, link_scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TransientError(FetchError):
    """A failure worth another try (a dropped connection, HTTP 429/5xx, a resolver hiccup); `wait_s` is the
    server's Retry-After, when it sent one."""

    def __init__(self, message: str, wait_s: float | None = None) -> None:
        super().__init__(message)
        self.wait_s = wait_s


def allowed_networks(allow_private: bool | Sequence[str]) -> list[Network]:
    """The networks a fetch may reach besides public addresses (`fetch.allow_private_hosts`: a list, or true for
    every address)."""
    if allow_private is True:
        return [ipaddress.ip_network("0.0.0.0/0"), ipaddress.ip_network("::/0")]
    if not allow_private:
        return []
    return [ipaddress.ip_network(n, strict=False) for n in allow_private]


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allowed: Sequence[Network]) -> bool:
    """True for an address we never fetch from: link-local or a cloud metadata service's (whatever is allowed:
    urls.is_link_local), or non-global (private, loopback…) or multicast unless it lies in an allowed network."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if is_link_local(address):
        return True
    if any(address in network for network in allowed):
        return False
    return not address.is_global or address.is_multicast


def check_url(url: str, allow_private: bool | Sequence[str] = False) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to non-public addresses.

    `allow_private` is True (any address but a link-local or metadata one) or a list of networks allowed besides
    public addresses.
    Raises BlockedURLError (refused), TransientError (a temporary resolver failure) or FetchError (no such host).
    """
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        raise BlockedURLError(f"refused {url[:200]!r}: not a URL ({error})") from None
    if parts.scheme not in ("http", "https"):
        raise BlockedURLError(f"refused {url!r}: only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise BlockedURLError(f"refused {url!r}: no host")
    if link_scope(url) == "never":
        raise BlockedURLError(
            f"refused {url!r}: a link-local or cloud metadata address (or no address at all) is never fetched"
        )
    if allow_private is True:
        return
    allowed = allowed_networks(allow_private)
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as error:
        if error.errno == socket.EAI_AGAIN:  # a resolver hiccup, worth another try
            raise TransientError(f"cannot resolve {host} (temporary failure)") from None
        raise FetchError(f"cannot resolve {host}: {error.strerror or error}") from None
    except (UnicodeError, ValueError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if _refused(address, allowed):
            raise BlockedURLError(
                f"refused {url!r}: {host} resolves to the non-public address {address} "
                "(set fetch.allow_private_hosts to allow it)"
            )


_current = threading.local()  # .watch: the Watch of the try running in this thread, if any
_lock = threading.Lock()  # orders attaching a connection against cutting it


class Watch:
    """The wall-clock limit of one try: at `stop` (a time.monotonic() value) the socket of the connection the
    try uses is shut down, wherever the try is blocked (connect, TLS, headers, body, a redirect).

    Use it as a context manager around the requests of one try, in the thread that makes them.
    """

    def __init__(self, stop: float) -> None:
        self.stop = stop
        self._cut = False
        self._connection: HTTPConnection | None = None
        self._socket: socket.socket | None = None  # kept: a connection that will close hands its socket on
        self._timer = threading.Timer(max(0.0, stop - time.monotonic()), self._expire)
        self._timer.daemon = True

    @property
    def cut(self) -> bool:
        """True once the watch has shut the connection down: a body read since may be truncated."""
        return self._cut

    @property
    def expired(self) -> bool:
        """True once the limit is reached: whatever the try raises from then on is the limit's doing."""
        return self._cut or time.monotonic() >= self.stop

    def remaining(self) -> float:
        return max(0.0, self.stop - time.monotonic())

    def __enter__(self) -> Watch:
        _current.watch = self
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        _current.watch = None
        with _lock:
            self._connection = self._socket = None

    def attach(self, connection: HTTPConnection) -> None:
        """Make `connection` the one this watch cuts (cut at once when the limit has passed)."""
        with _lock:
            self._connection = connection
            if connection.sock is not None:
                self._socket = connection.sock
            connection.watch = self  # type: ignore[attr-defined]  # the owner: a pooled connection moves on
            if self._cut:
                _shut_down(connection.sock or self._socket)

    def _expire(self) -> None:
        with _lock:
            self._cut = True
            connection = self._connection
            if connection is not None and getattr(connection, "watch", None) is self:
                # A response that will close took the socket over (http.client sets .sock to None then).
                _shut_down(connection.sock or self._socket)


def _shut_down(sock: object) -> None:
    if isinstance(sock, socket.socket):
        try:  # socket.socket's own shutdown, also under TLS: the blocked reader sees EOF at once
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass


def _watched(base: type[HTTPConnection], allowed: Sequence[Network] | None) -> type[HTTPConnection]:
    """`base` that reports to the thread's Watch and, unless `allowed` is None, refuses non-public peers."""

    class Connection(base):  # type: ignore[misc, valid-type]
        def connect(self) -> None:
            """Connect (urllib3's public `connect`), then check the peer the socket reached before a byte of the
            request is sent: a name that resolved to a non-public address (DNS rebinding included) is refused.
            Over HTTPS the TLS handshake has happened by then; no request has."""
            watch: Watch | None = getattr(_current, "watch", None)
            if watch is not None:
                watch.attach(self)  # the socket exists from the TCP handshake on: TLS can be cut too
            super().connect()
            if watch is not None:
                watch.attach(self)  # a limit that passed during the TCP connect cuts now
            if allowed is not None:
                _check_peer(self, allowed)

        def request(self, *args: Any, **kwargs: Any) -> None:
            watch: Watch | None = getattr(_current, "watch", None)
            if watch is not None:
                watch.attach(self)  # also a pooled connection, connected by an earlier try
            super().request(*args, **kwargs)
            if watch is not None:
                watch.attach(self)  # the socket a plain-HTTP connection opened while sending

    return Connection


def _check_peer(connection: HTTPConnection, allowed: Sequence[Network]) -> None:
    """Raise BlockedURLError (and close the connection) when its socket's peer is a refused address."""
    try:
        address = ipaddress.ip_address(str(connection.sock.getpeername()[0]).split("%")[0])
    except (AttributeError, OSError, ValueError, IndexError):
        return  # no socket to ask (a proxy's tunnel is checked by check_url): nothing more to learn here
    if _refused(address, allowed):
        connection.close()
        raise BlockedURLError(f"refused {connection.host}: connected to the non-public address {address}")


def _pools(allowed: Sequence[Network] | None) -> dict[str, type[HTTPConnectionPool]]:
    return {
        "http": type(
            "WatchedHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": _watched(HTTPConnection, allowed)}
        ),
        "https": type(
            "WatchedHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": _watched(HTTPSConnection, allowed)}
        ),
    }


class _Adapter(HTTPAdapter):
    """Pools whose connections report to the Watch and (`allowed` not None) refuse non-public peers. Through
    an HTTP proxy the peer is the proxy: those pools are watched, not guarded (check_url still checks every
    URL); SOCKS proxies keep their own connection classes, neither watched nor guarded."""

    def __init__(self, allowed: Sequence[Network] | None, **kwargs: int) -> None:
        self._allowed = allowed
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: object
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = _pools(self._allowed)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if not proxy.lower().startswith("socks"):
            manager.pool_classes_by_scheme = _pools(None)
        return manager


def new_session(settings: FetchSettings) -> requests.Session:
    """A session whose connection pools fit the limits (one pool per host, `per_host` connections each), whose
    connections report to the Watch, and whose every new connection is checked against the guard."""
    session = requests.Session()
    sizes = {"pool_connections": max(10, settings.concurrency * 2), "pool_maxsize": max(4, settings.per_host)}
    allow = settings.allow_private_hosts
    adapter = _Adapter(
        allowed_networks(allow), **sizes
    )  # true too: link-local peers are refused all the same
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session
