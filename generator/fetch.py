"""The only network code: timeouts, size caps, retries, redirects, the SSRF guard and the HTTP cache."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from generator.config import FetchSettings
from generator.errors import BlockedURLError, FetchError
from generator.models import Fetched

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0
CHUNK = 64 * 1024


def _networks(allow_private: bool | Sequence[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    if allow_private is True or not allow_private:
        return []
    return [ipaddress.ip_network(n, strict=False) for n in allow_private]


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allowed: Sequence[object]) -> bool:
    """True for an address we never fetch from: non-global (private, loopback, link-local…) or multicast,
    unless it lies in one of the allowed networks."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in network for network in allowed):  # type: ignore[operator]
        return False
    return not address.is_global or address.is_multicast


def check_url(url: str, allow_private: bool | Sequence[str] = False) -> None:
    """Refuse non-http(s) URLs and, unless allowed, hosts that resolve to non-public addresses.

    `allow_private` is True (anything goes) or a list of networks allowed besides public addresses.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise BlockedURLError(f"refused {url!r}: only http and https URLs are fetched")
    host = parts.hostname
    if not host:
        raise BlockedURLError(f"refused {url!r}: no host")
    if allow_private is True:
        return
    allowed = _networks(allow_private)
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as error:
        if error.errno == socket.EAI_AGAIN:  # a resolver hiccup, worth another try
            raise _RetryableError(f"cannot resolve {host} (temporary failure)") from None
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


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return min(float(value), MAX_RETRY_AFTER_S)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER_S))


class _RetryableError(FetchError):
    def __init__(self, message: str, wait_s: float | None = None) -> None:
        super().__init__(message)
        self.wait_s = wait_s


class HttpCache:
    """Validators (ETag, Last-Modified) and bodies of feeds, so an unchanged feed costs a 304.

    One `<key>.json` (URL, validators, content type) and one `<key>.body` (the bytes) per URL, each written
    to a temporary file and renamed, so a crash never leaves a half-written entry.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode()).hexdigest()[:32]
        return self.directory / f"{key}.json", self.directory / f"{key}.body"

    def load(self, url: str) -> dict[str, str] | None:
        """The validators for `url`, or None when nothing usable is cached."""
        meta_path, body_path = self._paths(url)
        try:
            record = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(record, dict) or record.get("url") != url or not body_path.is_file():
            return None
        return {k: str(v) for k, v in record.items()}

    def body(self, url: str) -> bytes | None:
        try:
            return self._paths(url)[1].read_bytes()
        except OSError:
            return None

    def save(self, url: str, fetched: Fetched) -> None:
        etag = fetched.headers.get("ETag")
        modified = fetched.headers.get("Last-Modified")
        if not (etag or modified):
            return
        record = {
            "url": url,
            "etag": etag or "",
            "last_modified": modified or "",
            "content_type": fetched.headers.get("Content-Type", ""),
        }
        meta_path, body_path = self._paths(url)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomic(body_path, fetched.content)
            _write_atomic(meta_path, json.dumps(record).encode())
        except OSError as error:
            log.warning("could not cache %s: %s", url, error)


def _write_atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{threading.get_ident()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


class Fetcher:
    """Fetches URLs politely: per-host and global limits, caps and a guard against private addresses."""

    def __init__(
        self,
        settings: FetchSettings,
        cache: HttpCache | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.cache = cache
        self.session = session or _new_session(settings)
        self.session.headers["User-Agent"] = settings.user_agent
        self._sleep = sleep
        self._host_locks: dict[str, threading.Semaphore] = {}
        self._lock = threading.Lock()

    def _host_slot(self, url: str) -> threading.Semaphore:
        host = urlsplit(url).netloc.lower()
        with self._lock:
            if host not in self._host_locks:
                self._host_locks[host] = threading.Semaphore(self.settings.per_host)
            return self._host_locks[host]

    def get(self, url: str, conditional: bool = False, deadline: float | None = None) -> Fetched:
        """GET one URL with retries; raise FetchError with a plain reason when it fails.

        `deadline` (a time.monotonic() value) bounds waiting for a host slot, retries and the body.
        """
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            slot = self._host_slot(url)
            if not slot.acquire(timeout=None if deadline is None else max(0.0, deadline - time.monotonic())):
                raise FetchError(f"{url}: not started before the deadline")
            try:
                return self._get_once(url, conditional, deadline)
            except _RetryableError as error:
                if attempt == attempts - 1:
                    raise FetchError(str(error)) from None
                delay = error.wait_s if error.wait_s is not None else self.settings.backoff_s * 2**attempt
                if deadline is not None and time.monotonic() + delay >= deadline:
                    raise FetchError(f"{error} (no time left to retry)") from None
                log.debug("retrying %s in %.1fs: %s", url, delay, error)
            finally:
                slot.release()
            self._sleep(delay)
        raise AssertionError("unreachable")

    def _get_once(self, url: str, conditional: bool, deadline: float | None) -> Fetched:
        started = time.monotonic()
        cached = self.cache.load(url) if (conditional and self.cache) else None
        headers = {}
        if cached:
            if cached.get("etag"):
                headers["If-None-Match"] = cached["etag"]
            if cached.get("last_modified"):
                headers["If-Modified-Since"] = cached["last_modified"]
        seen = {url}
        current = url
        for _ in range(self.settings.max_redirects + 1):
            check_url(current, self.settings.allow_private_hosts)
            response = self._request(current, headers)
            with response:
                if response.is_redirect:
                    current = urljoin(current, response.headers.get("Location", "").strip())
                    if current in seen:
                        raise FetchError(f"{url}: redirect loop at {current}")
                    seen.add(current)
                    continue
                return self._finish(url, current, response, cached, conditional, started, deadline)
        raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects")

    def _finish(
        self,
        url: str,
        current: str,
        response: requests.Response,
        cached: dict[str, str] | None,
        conditional: bool,
        started: float,
        deadline: float | None,
    ) -> Fetched:
        status = response.status_code
        if status == 304:
            body = self.cache.body(url) if (cached and self.cache) else None
            if body is None:
                raise FetchError(f"{url}: HTTP 304 but no cached copy")
            headers = CaseInsensitiveDict({"Content-Type": cached.get("content_type", "") if cached else ""})
            return Fetched(current, 304, body, headers, time.monotonic() - started, from_cache=True)
        if status in RETRY_STATUSES:
            raise _RetryableError(f"{url}: HTTP {status}", _retry_after(response))
        if status >= 400:
            raise FetchError(f"{url}: HTTP {status}")
        body = self._read_capped(url, response, started, deadline)
        fetched = Fetched(
            current, status, body, CaseInsensitiveDict(response.headers), time.monotonic() - started
        )
        if conditional and self.cache and status == 200:
            self.cache.save(url, fetched)
        return fetched

    def _request(self, url: str, headers: dict[str, str]) -> requests.Response:
        timeout = (self.settings.connect_timeout_s, self.settings.read_timeout_s)
        try:
            return self.session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
        except requests.Timeout:
            raise _RetryableError(f"{url}: timed out") from None
        except requests.ConnectionError as error:
            reason = "connection refused" if "refused" in str(error).lower() else "connection failed"
            raise _RetryableError(f"{url}: {reason}") from None
        except requests.RequestException as error:
            raise FetchError(f"{url}: {type(error).__name__}") from None

    def _read_capped(
        self, url: str, response: requests.Response, started: float, deadline: float | None
    ) -> bytes:
        """Stream the body: stop over the size cap, when it trickles past the time limit, or at the deadline."""
        cap = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"{url}: body of {int(declared)} bytes is over the {cap}-byte cap")
        limit = self.settings.connect_timeout_s + self.settings.read_timeout_s
        stop = started + limit if deadline is None else min(started + limit, deadline)
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"{url}: body over the {cap}-byte cap")
                if time.monotonic() > stop:
                    raise FetchError(f"{url}: body still arriving after {time.monotonic() - started:.0f}s")
                chunks.append(chunk)
        except requests.RequestException as error:
            raise _RetryableError(f"{url}: body not received ({type(error).__name__})") from None
        return b"".join(chunks)

    def get_many(
        self,
        urls: Iterable[str],
        conditional: bool = False,
        progress: Callable[[int, int], None] | None = None,
        then: Callable[[str, Fetched], object] | None = None,
    ) -> dict[str, Any]:
        """Fetch many URLs concurrently within the stage deadline; every URL gets a result or a FetchError.

        The result is the Fetched response, or `then(url, fetched)` when given: that runs here, in the
        calling thread, as responses arrive (parsing one page while the workers fetch the next ones).
        Hosts are interleaved in the queue, so workers waiting on one busy host do not hold up the others.
        """
        pending_urls = _interleave_hosts(dict.fromkeys(urls))
        results: dict[str, Any] = {}
        if not pending_urls:
            return results
        deadline = time.monotonic() + self.settings.deadline_s
        pool = ThreadPoolExecutor(
            max_workers=min(self.settings.concurrency, len(pending_urls)), thread_name_prefix="fetch"
        )
        futures: dict[Future[Fetched], str] = {
            pool.submit(self.get, u, conditional, deadline): u for u in pending_urls
        }
        waiting = set(futures)
        try:
            while waiting:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                done, waiting = wait(waiting, timeout=remaining, return_when=FIRST_COMPLETED)
                for future in done:
                    url = futures[future]
                    try:
                        fetched = future.result()
                        results[url] = then(url, fetched) if then else fetched
                    except FetchError as error:
                        results[url] = error
                    except Exception as error:  # noqa: BLE001 - a bug in one fetch must not end the run
                        results[url] = FetchError(f"{url}: {type(error).__name__}: {error}")
                    if progress:
                        progress(len(results), len(pending_urls))
        finally:
            for future in waiting:
                future.cancel()
                url = futures[future]
                results[url] = FetchError(
                    f"{url}: not done within the {self.settings.deadline_s:.0f}s deadline"
                )
            pool.shutdown(wait=False, cancel_futures=True)
        return results


def _new_session(settings: FetchSettings) -> requests.Session:
    """A session whose connection pools fit the limits (one pool per host, `per_host` connections each)
    and whose every new connection is checked against the guard once connected."""
    session = requests.Session()
    sizes = {"pool_connections": max(10, settings.concurrency * 2), "pool_maxsize": max(4, settings.per_host)}
    allow = settings.allow_private_hosts
    adapter = HTTPAdapter(**sizes) if allow is True else _GuardedAdapter(_networks(allow), **sizes)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class _GuardedAdapter(HTTPAdapter):
    """Refuses a connection that reached a non-public address, although check_url saw a public one (the DNS
    answer changed in between: "DNS rebinding"). Through a proxy the peer is the proxy, and requests uses
    its own pools, so nothing is checked there."""

    def __init__(self, allowed: Sequence[object], **kwargs: int) -> None:
        self._allowed = allowed
        super().__init__(**kwargs)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: object
    ) -> None:
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": type(
                "GuardedHTTPPool",
                (HTTPConnectionPool,),
                {"ConnectionCls": _guarded(HTTPConnection, self._allowed)},
            ),
            "https": type(
                "GuardedHTTPSPool",
                (HTTPSConnectionPool,),
                {"ConnectionCls": _guarded(HTTPSConnection, self._allowed)},
            ),
        }


def _guarded(base: type[HTTPConnection], allowed: Sequence[object]) -> type[HTTPConnection]:
    class GuardedConnection(base):  # type: ignore[misc, valid-type]
        def _new_conn(self) -> socket.socket:
            sock = super()._new_conn()
            try:
                address = ipaddress.ip_address(str(sock.getpeername()[0]).split("%")[0])
            except (OSError, ValueError, IndexError):
                return sock
            if _refused(address, allowed):
                sock.close()
                raise BlockedURLError(f"refused {self.host}: connected to the non-public address {address}")
            return sock

    return GuardedConnection


def _interleave_hosts(urls: Iterable[str]) -> list[str]:
    """Round-robin over hosts, keeping each host's own order: a, a, b → a, b, a."""
    queues: dict[str, deque[str]] = {}
    for url in urls:
        queues.setdefault(urlsplit(url).netloc.lower(), deque()).append(url)
    ordered: list[str] = []
    while queues:
        for host in list(queues):
            ordered.append(queues[host].popleft())
            if not queues[host]:
                del queues[host]
    return ordered


def terminal_progress(label: str) -> Callable[[int, int], None] | None:
    """A one-line progress bar on stderr when it is a terminal; None (quiet) otherwise."""
    if not sys.stderr.isatty():
        return None

    def show(done: int, total: int) -> None:
        width = 24
        filled = width * done // max(total, 1)
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{label:<9} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return show
