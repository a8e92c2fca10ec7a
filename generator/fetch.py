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
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests

from generator.config import FetchSettings
from generator.errors import BlockedURLError, FetchError
from generator.models import Fetched

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
MAX_RETRY_AFTER_S = 30.0
CHUNK = 64 * 1024


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
    allowed = [ipaddress.ip_network(n, strict=False) for n in allow_private or ()]
    try:
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(f"cannot resolve {host}: {error}") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if any(address in network for network in allowed):
            continue
        if not address.is_global or address.is_multicast:
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
    """Validators (ETag, Last-Modified) and bodies of feeds, so an unchanged feed costs a 304."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, url: str) -> Path:
        return self.directory / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def load(self, url: str) -> dict[str, str] | None:
        try:
            return json.loads(self._path(url).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def save(self, url: str, fetched: Fetched) -> None:
        etag = fetched.headers.get("ETag")
        modified = fetched.headers.get("Last-Modified")
        if not (etag or modified):
            return
        record = {
            "etag": etag or "",
            "last_modified": modified or "",
            "content_type": fetched.headers.get("Content-Type", ""),
            "body": fetched.content.decode("latin-1"),
        }
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self._path(url)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(record), encoding="utf-8")
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
        self.session = session or requests.Session()
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

    def get(self, url: str, conditional: bool = False) -> Fetched:
        """GET one URL with retries; raise FetchError with a plain reason when it fails."""
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            try:
                with self._host_slot(url):
                    return self._get_once(url, conditional)
            except _RetryableError as error:
                if attempt == attempts - 1:
                    raise FetchError(str(error)) from None
                delay = error.wait_s if error.wait_s is not None else self.settings.backoff_s * 2**attempt
                log.debug("retrying %s in %.1fs: %s", url, delay, error)
                self._sleep(delay)
        raise AssertionError("unreachable")

    def _get_once(self, url: str, conditional: bool) -> Fetched:
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
                    location = response.headers.get("Location", "")
                    current = urljoin(current, location)
                    if current in seen:
                        raise FetchError(f"{url}: redirect loop at {current}")
                    seen.add(current)
                    continue
                elapsed = time.monotonic() - started
                if response.status_code == 304 and cached:
                    return Fetched(
                        url=current,
                        status=304,
                        content=cached["body"].encode("latin-1"),
                        headers={"Content-Type": cached.get("content_type", "")},
                        elapsed_s=elapsed,
                        from_cache=True,
                    )
                if response.status_code in RETRY_STATUSES:
                    raise _RetryableError(f"{url}: HTTP {response.status_code}", _retry_after(response))
                if response.status_code >= 400:
                    raise FetchError(f"{url}: HTTP {response.status_code}")
                body = self._read_capped(url, response, started)
                fetched = Fetched(
                    url=current,
                    status=response.status_code,
                    content=body,
                    headers=dict(response.headers),
                    elapsed_s=time.monotonic() - started,
                )
                if conditional and self.cache:
                    self.cache.save(url, fetched)
                return fetched
        raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects")

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

    def _read_capped(self, url: str, response: requests.Response, started: float) -> bytes:
        cap = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(f"{url}: body of {int(declared)} bytes is over the {cap}-byte cap")
        limit = self.settings.connect_timeout_s + self.settings.read_timeout_s
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"{url}: body over the {cap}-byte cap")
                if time.monotonic() - started > limit:
                    raise FetchError(f"{url}: body still arriving after {limit:.0f}s")
                chunks.append(chunk)
        except requests.RequestException as error:
            raise _RetryableError(f"{url}: body not received ({type(error).__name__})") from None
        return b"".join(chunks)

    def get_many(
        self,
        urls: Iterable[str],
        conditional: bool = False,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Fetched | FetchError]:
        """Fetch many URLs concurrently within the stage deadline; every URL gets a result or an error."""
        pending_urls = list(dict.fromkeys(urls))
        results: dict[str, Fetched | FetchError] = {}
        if not pending_urls:
            return results
        deadline = time.monotonic() + self.settings.deadline_s
        pool = ThreadPoolExecutor(max_workers=min(self.settings.concurrency, len(pending_urls)))
        futures: dict[Future[Fetched], str] = {pool.submit(self.get, u, conditional): u for u in pending_urls}
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
                        results[url] = future.result()
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
                results[url] = FetchError(f"{url}: not done within the {self.settings.deadline_s:.0f}s deadline")
            pool.shutdown(wait=False, cancel_futures=True)
        return results


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
