"""The only network code: time limits, size caps, retries, redirects and per-host limits.

The SSRF guard and the wall-clock watch under requests live in `connections.py`, the HTTP cache in
`httpcache.py`. Every fetch ends with a Fetched response or a FetchError that says why in plain words.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Generic, TypeVar, overload
from urllib.parse import urljoin, urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from generator.config import FetchSettings
from generator.errors import BlockedURLError, FetchError, GeneratorError, GoneError
from generator.models import Fetched
from generator.net.guard import TransientError, Watch, check_url, new_session
from generator.net.headers import retry_after
from generator.net.httpcache import HttpCache

__all__ = ["FetchResult", "Fetcher", "HttpCache", "check_url", "describe"]

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
GONE_STATUSES = frozenset({404, 410})
MAX_RETRY_WAIT_S = 10.0  # a longer Retry-After ends the URL's tries for this run
CHUNK = 64 * 1024

T = TypeVar("T")


@dataclass(frozen=True)
class FetchResult(Generic[T]):
    """What became of one URL of `Fetcher.get_many`: a `value` or the `error` that stopped it, never both
    (the shape of lemon24/reader's ParseResult).

    `value` is the Fetched response, or what the `then` callback made of it; `error` is a FetchError (the
    fetch failed) or whatever `then` raised.
    """

    url: str
    value: T | None = None
    error: Exception | None = None
    elapsed_s: float = 0.0  # from the start of the fetch to its response or its failure (slot waits included)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def reason(self) -> str:
        """The error in one line (see describe); "" when ok."""
        return "" if self.error is None else describe(self.error)


def describe(error: BaseException, max_chars: int = 300) -> str:
    """An error in one line of at most `max_chars`: our own errors as they are, anything else (an unexpected
    library error, a bug) with its type."""
    text = str(error) if isinstance(error, GeneratorError) else f"unexpected {type(error).__name__}: {error}"
    line = " ".join(text.split())
    return line if len(line) <= max_chars else line[: max_chars - 1] + "…"


class Fetcher:
    """Fetches URLs politely: per-host and global limits, time limits, caps and a guard against private addresses."""

    def __init__(
        self,
        settings: FetchSettings,
        cache: HttpCache | None = None,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        limit_name: str = "fetch.response_timeout_s",
    ) -> None:
        """`limit_name`: the setting that `settings.response_timeout_s` comes from, named in the reason a
        try was cut off (a caller with its own limit, such as the leaderboard's timeout_s, names its own)."""
        self.settings = settings
        self.limit_name = limit_name
        self.cache = cache
        self.session = session or new_session(settings)
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
        """GET one URL and read its body.

        Each try is cut off after `response_timeout_s` (connect, redirects, headers and body together) and at
        `deadline` (a time.monotonic() value, e.g. the stage's), which also bounds waiting for a host slot and
        between tries. A quick failure (a dropped connection, HTTP 429/5xx) is tried again up to `retries` times
        after `backoff_s` × 2^n or the server's Retry-After (at most MAX_RETRY_WAIT_S); a try that ran out of
        time is not repeated (a server that stalled once rarely answers in time the second time).
        Raises FetchError with a plain reason: GoneError for HTTP 404/410, BlockedURLError for a refused address.
        """
        attempts = self.settings.retries + 1
        for attempt in range(attempts):
            slot = self._host_slot(url)
            if not slot.acquire(timeout=None if deadline is None else max(0.0, deadline - time.monotonic())):
                raise FetchError(f"{url}: not started before the stage deadline (fetch.deadline_s)")
            try:
                return self._try(url, conditional, deadline)
            except TransientError as error:
                delay = self._retry_delay(error, attempt, deadline)
                log.debug("retrying %s in %.1fs: %s", url, delay, error)
            finally:
                slot.release()
            self._sleep(delay)
        raise AssertionError("unreachable")

    def _retry_delay(self, error: TransientError, attempt: int, deadline: float | None) -> float:
        """The wait before the next try; FetchError when there is none."""
        tries = attempt + 1
        if tries > self.settings.retries:
            raise FetchError(f"{error} (after {tries} {'try' if tries == 1 else 'tries'})") from None
        if error.wait_s is not None and error.wait_s > MAX_RETRY_WAIT_S:
            raise FetchError(
                f"{error}: Retry-After asks for {error.wait_s:.0f}s, more than the {MAX_RETRY_WAIT_S:.0f}s "
                "a run waits"
            ) from None
        delay = error.wait_s if error.wait_s is not None else self.settings.backoff_s * 2**attempt
        if deadline is not None and time.monotonic() + delay >= deadline:
            raise FetchError(f"{error} (no time left to retry before the stage deadline)") from None
        return delay

    def _try(self, url: str, conditional: bool, deadline: float | None) -> Fetched:
        """One try, redirects included, under a Watch that cuts it off at its time limit."""
        started = time.monotonic()
        stop = started + self.settings.response_timeout_s
        limit = f"{self.settings.response_timeout_s:g}s ({self.limit_name})"
        if deadline is not None and deadline < stop:
            stop, limit = deadline, "the stage deadline (fetch.deadline_s)"
        with Watch(stop) as watch:
            try:
                fetched = self._follow(url, conditional, watch, started)
            except Exception:  # noqa: BLE001 - whatever a cut-off socket raised means "cut off"; else re-raised
                if not watch.expired:
                    raise
                fetched = None
            if fetched is None or watch.cut:  # cut: a body that "ended" when the socket was shut down
                raise FetchError(
                    f"{url}: cut off after {time.monotonic() - started:.1f}s: no complete response within {limit}"
                ) from None
        return fetched

    def _follow(self, url: str, conditional: bool, watch: Watch, started: float) -> Fetched:
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
            try:
                check_url(current, self.settings.allow_private_hosts)
            except BlockedURLError as error:
                if current == url:
                    raise
                raise BlockedURLError(f"{url}: redirected, then {error}") from None
            response = self._request(current, headers, watch)
            with response:
                if response.is_redirect:
                    current = _redirect_target(url, current, response.headers.get("Location", ""))
                    if current in seen:
                        raise FetchError(f"{url}: redirect loop at {current}")
                    seen.add(current)
                    continue
                return self._finish(url, current, response, cached, conditional, started, watch)
        raise FetchError(f"{url}: more than {self.settings.max_redirects} redirects (fetch.max_redirects)")

    def _finish(
        self,
        url: str,
        current: str,
        response: requests.Response,
        cached: dict[str, str] | None,
        conditional: bool,
        started: float,
        watch: Watch,
    ) -> Fetched:
        status = response.status_code
        if status == 304:
            body = self.cache.body(url) if (cached and self.cache) else None
            if body is None:
                raise FetchError(f"{url}: HTTP 304 but no cached copy")
            headers = CaseInsensitiveDict({"Content-Type": cached.get("content_type", "") if cached else ""})
            return Fetched(current, 304, body, headers, time.monotonic() - started, from_cache=True)
        if status in RETRY_STATUSES:
            raise TransientError(f"{url}: HTTP {status}", retry_after(response.headers.get("Retry-After")))
        if status in GONE_STATUSES:
            raise GoneError(f"{url}: HTTP {status}")
        if status >= 400:
            raise FetchError(f"{url}: HTTP {status}")
        body = self._read_capped(url, response, watch)
        fetched = Fetched(
            current, status, body, CaseInsensitiveDict(response.headers), time.monotonic() - started
        )
        if conditional and self.cache and status == 200:
            self.cache.save(url, fetched)
        return fetched

    def _request(self, url: str, headers: dict[str, str], watch: Watch) -> requests.Response:
        """Send one request and read the headers. The connect timeout is shortened to the time left (the
        watch cannot cut a socket that is not connected yet); the read timeout bounds each silent gap."""
        connect = max(0.001, min(self.settings.connect_timeout_s, watch.remaining()))
        timeout = (connect, self.settings.read_timeout_s)
        try:
            return self.session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
        except requests.ConnectTimeout:
            raise FetchError(f"{url}: no connection within {connect:g}s (fetch.connect_timeout_s)") from None
        except requests.ReadTimeout:
            raise FetchError(
                f"{url}: no answer for {self.settings.read_timeout_s:g}s (fetch.read_timeout_s)"
            ) from None
        except requests.exceptions.SSLError as error:  # a certificate that fails now fails on every try
            found = re.search(r"\[SSL: \w+\] ([^(']+)", str(error))
            reason = found.group(1).strip() if found else "handshake failed"
            raise FetchError(f"{url}: TLS: {reason}") from None
        except requests.ConnectionError as error:
            reason = "connection refused" if "refused" in str(error).lower() else "connection failed"
            raise TransientError(f"{url}: {reason}") from None
        except requests.RequestException as error:
            raise FetchError(f"{url}: {type(error).__name__}") from None
        except ValueError as error:  # requests parses a redirect's Location even when it does not follow it
            raise FetchError(f"{url}: invalid URL ({error})") from None

    def _read_capped(self, url: str, response: requests.Response, watch: Watch) -> bytes:
        """Stream the body until the end, the size cap, or the watch's limit (it cuts a blocked read)."""
        cap = self.settings.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(
                f"{url}: body of {int(declared)} bytes is over the {cap}-byte cap (fetch.max_bytes)"
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > cap:
                    raise FetchError(f"{url}: body over the {cap}-byte cap (fetch.max_bytes)")
                if watch.expired:
                    raise FetchError(f"{url}: body still arriving at the time limit")
                chunks.append(chunk)
        except requests.ReadTimeout:
            raise FetchError(
                f"{url}: body stalled for {self.settings.read_timeout_s:g}s (fetch.read_timeout_s)"
            ) from None
        except requests.RequestException as error:
            raise TransientError(f"{url}: body not received ({type(error).__name__})") from None
        return b"".join(chunks)

    def _get_result(self, url: str, conditional: bool, deadline: float) -> FetchResult[Fetched]:
        """get() as a FetchResult, timed; any exception (a bug in one fetch too) is that URL's error."""
        started = time.monotonic()
        try:
            fetched = self.get(url, conditional, deadline)
        except Exception as error:  # noqa: BLE001 - one URL's failure, whatever it is, stays that URL's
            return FetchResult(url, error=error, elapsed_s=time.monotonic() - started)
        return FetchResult(url, fetched, elapsed_s=time.monotonic() - started)

    @overload
    def get_many(
        self,
        urls: Iterable[str],
        conditional: bool = ...,
        progress: Callable[[int, int], None] | None = ...,
        then: None = ...,
    ) -> dict[str, FetchResult[Fetched]]: ...

    @overload
    def get_many(
        self,
        urls: Iterable[str],
        conditional: bool = ...,
        progress: Callable[[int, int], None] | None = ...,
        *,
        then: Callable[[str, Fetched], T],
    ) -> dict[str, FetchResult[T]]: ...

    def get_many(
        self,
        urls: Iterable[str],
        conditional: bool = False,
        progress: Callable[[int, int], None] | None = None,
        then: Callable[[str, Fetched], object] | None = None,
    ) -> dict[str, FetchResult[object]]:
        """Fetch many URLs concurrently within the stage deadline (`deadline_s` from now).

        Returns {url: FetchResult} with an entry for every URL: the Fetched response, or `then(url, fetched)`
        when given (it runs here, in the calling thread, as responses arrive: parsing one page while the
        workers fetch the next ones), or the error (a FetchError, or whatever `then` raised). Never raises for
        one URL. Hosts are interleaved in the queue, so workers waiting on one busy host do not hold up others.
        `progress(done, total)` is called after each URL.
        """
        pending_urls = _interleave_hosts(dict.fromkeys(urls))
        results: dict[str, FetchResult[object]] = {}
        if not pending_urls:
            return results
        deadline = time.monotonic() + self.settings.deadline_s
        pool = ThreadPoolExecutor(
            max_workers=min(self.settings.concurrency, len(pending_urls)), thread_name_prefix="fetch"
        )
        futures: dict[Future[FetchResult[Fetched]], str] = {
            pool.submit(self._get_result, u, conditional, deadline): u for u in pending_urls
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
                    results[url] = _then(future.result(), then)
                    if progress:
                        progress(len(results), len(pending_urls))
        finally:
            for future in waiting:
                future.cancel()
                url = futures[future]
                late = FetchError(f"{url}: not done within the stage deadline (fetch.deadline_s)")
                results[url] = FetchResult(url, error=late, elapsed_s=self.settings.deadline_s)
            pool.shutdown(wait=False, cancel_futures=True)
        return results


def _then(result: FetchResult[Fetched], then: Callable[[str, Fetched], object] | None) -> FetchResult[object]:
    """`result` with `then` applied to its response; what `then` raises (a bug too) becomes the URL's error."""
    if then is None or result.value is None:
        return result  # type: ignore[return-value]
    try:
        return replace(result, value=then(result.url, result.value))  # type: ignore[arg-type]
    except Exception as error:  # noqa: BLE001 - one URL's failure, whatever it is, stays that URL's
        return replace(result, value=None, error=error)  # type: ignore[arg-type]


def _redirect_target(url: str, current: str, location: str) -> str:
    """The absolute URL a redirect points at (RFC 9110 §10.2.2: Location, maybe relative); FetchError when
    there is none or it is not a URL."""
    if not location.strip():
        raise FetchError(f"{url}: a redirect without a Location")
    try:
        target = urljoin(current, location.strip())
        urlsplit(target).port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(f"{url}: a redirect to an invalid URL {location.strip()[:100]!r}") from None
    return target


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
