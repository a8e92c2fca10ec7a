from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from rawhttp import serving_tricklers
from werkzeug import Request, Response

from generator.config import FetchSettings
from generator.errors import BlockedURLError, FetchError, GoneError
from generator.models import Fetched
from generator.net.fetch import Fetcher, HttpCache, check_url

LOOPBACK_ONLY = ("127.0.0.0/8",)


@pytest.fixture
def fast() -> FetchSettings:
    return FetchSettings(
        allow_private_hosts=LOOPBACK_ONLY,
        connect_timeout_s=0.5,
        read_timeout_s=0.5,
        retries=1,
        backoff_s=0.01,
        deadline_s=10,
        max_bytes=50_000,
    )


def test_ok_and_user_agent(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/feed", headers={"User-Agent": fast.user_agent}).respond_with_data("<rss/>")
    fetched = Fetcher(fast).get(httpserver.url_for("/feed"))
    assert fetched.content == b"<rss/>" and fetched.status == 200


def test_404_is_a_fetch_error(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    with pytest.raises(GoneError, match="HTTP 404"):
        Fetcher(fast).get(httpserver.url_for("/missing"))


def test_500_is_retried_then_succeeds(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_data("up")
    assert Fetcher(fast).get(httpserver.url_for("/flaky")).content == b"up"


def test_repeated_500_fails_after_retries(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    with pytest.raises(FetchError, match=r"HTTP 500 \(after 2 tries\)$"):
        Fetcher(fast).get(httpserver.url_for("/down"))
    assert sum(1 for request, _ in httpserver.log if request.path == "/down") == 2


def test_429_honours_retry_after(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "3"})
    httpserver.expect_ordered_request("/busy").respond_with_data("ok")
    waits: list[float] = []
    assert Fetcher(fast, sleep=waits.append).get(httpserver.url_for("/busy")).content == b"ok"
    assert waits == [3.0]


def test_silent_server_ends_at_the_read_timeout_and_is_not_retried(
    httpserver: HTTPServer, fast: FetchSettings
) -> None:
    tries: list[float] = []

    def slow(_: Request) -> Response:
        tries.append(time.monotonic())
        time.sleep(1.0)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match=r"no answer for 0.5s \(fetch.read_timeout_s\)$"):
        Fetcher(fast.model_copy(update={"retries": 2})).get(httpserver.url_for("/slow"))
    assert len(tries) == 1


def test_endless_body_is_capped(httpserver: HTTPServer, fast: FetchSettings) -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"a" * 8192

    httpserver.expect_request("/endless").respond_with_handler(lambda _: Response(endless()))
    with pytest.raises(FetchError, match="cap"):
        Fetcher(fast).get(httpserver.url_for("/endless"))


def test_declared_length_over_cap(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/big").respond_with_data(b"b" * 60_000)
    with pytest.raises(FetchError, match="cap"):
        Fetcher(fast).get(httpserver.url_for("/big"))


def test_redirects_followed_and_loops_refused(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    httpserver.expect_request("/new").respond_with_data("moved")
    fetched = Fetcher(fast).get(httpserver.url_for("/old"))
    assert fetched.content == b"moved" and fetched.url.endswith("/new")
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match="redirect loop"):
        Fetcher(fast).get(httpserver.url_for("/a"))


def test_too_many_redirects(httpserver: HTTPServer, fast: FetchSettings) -> None:
    for n in range(8):
        httpserver.expect_request(f"/r{n}").respond_with_data(
            "", status=302, headers={"Location": f"/r{n + 1}"}
        )
    with pytest.raises(FetchError, match="redirects"):
        Fetcher(fast.model_copy(update={"max_redirects": 3})).get(httpserver.url_for("/r0"))


def test_redirect_to_private_address_is_refused(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/evil").respond_with_data(
        "", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    with pytest.raises(BlockedURLError, match="169.254.169.254"):
        Fetcher(fast).get(httpserver.url_for("/evil"))


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,hi",
        "file:///etc/passwd",
        "ftp://example.com/x",
        "http://10.1.2.3/",
        "http://127.0.0.1:9/",
        "http://[::1]/",
        "http://192.168.1.1/",
        "http://169.254.169.254/",
        "http://[::1",
        "http://example.com:port/",
    ],
)
def test_guard_refuses(url: str) -> None:
    with pytest.raises(BlockedURLError):
        check_url(url)


def test_guard_allows_listed_networks_only() -> None:
    check_url("http://127.0.0.1:8000/", LOOPBACK_ONLY)
    check_url("http://10.0.0.1/", True)
    with pytest.raises(BlockedURLError):
        check_url("http://10.0.0.1/", LOOPBACK_ONLY)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[::ffff:169.254.1.1]/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://100.100.100.200/latest/meta-data/",
    ],
)
def test_link_local_and_metadata_addresses_are_never_fetched(url: str) -> None:
    """Not even with `allow_private_hosts: true` or a list that names their network (issue 18, kind 3)."""
    for allowed in (True, ("169.254.0.0/16", "fe80::/10", "100.64.0.0/10")):
        with pytest.raises(BlockedURLError, match="link-local or cloud metadata"):
            check_url(url, allowed)


def test_conditional_get_reuses_cache(httpserver: HTTPServer, fast: FetchSettings, tmp_path: Path) -> None:
    httpserver.expect_ordered_request("/feed").respond_with_data("<rss>v1</rss>", headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    fetcher = Fetcher(fast, HttpCache(tmp_path))
    first = fetcher.get(httpserver.url_for("/feed"), conditional=True)
    second = fetcher.get(httpserver.url_for("/feed"), conditional=True)
    assert not first.from_cache and second.from_cache and second.content == b"<rss>v1</rss>"


def test_get_many_reports_every_url(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/bad").respond_with_data("", status=404)
    httpserver.expect_request("/paywall").respond_with_data("", status=403)
    urls = [
        httpserver.url_for("/ok"),
        httpserver.url_for("/bad"),
        httpserver.url_for("/paywall"),
        "javascript:alert(1)",
    ]
    results = Fetcher(fast).get_many(urls)
    assert set(results) == set(urls) and all(results[u].url == u for u in urls)
    ok, bad, paywall, script = (results[u] for u in urls)
    assert ok.ok and ok.value is not None and ok.value.content == b"fine" and ok.reason == ""
    assert not bad.ok and bad.value is None and isinstance(bad.error, GoneError)
    assert bad.reason == f"{urls[1]}: HTTP 404"
    assert type(paywall.error) is FetchError and paywall.reason.endswith("HTTP 403")
    assert isinstance(script.error, BlockedURLError)


def test_get_many_keeps_what_then_made_and_what_it_raised(
    httpserver: HTTPServer, fast: FetchSettings
) -> None:
    httpserver.expect_request("/a").respond_with_data("page a")
    httpserver.expect_request("/b").respond_with_data("page b")

    def then(url: str, fetched: Fetched) -> int:
        if url.endswith("/b"):
            raise KeyError("a bug in the callback")
        return len(fetched.content)

    results = Fetcher(fast).get_many([httpserver.url_for("/a"), httpserver.url_for("/b")], then=then)
    assert results[httpserver.url_for("/a")].value == 6
    failed = results[httpserver.url_for("/b")]
    assert failed.value is None and isinstance(failed.error, KeyError)
    assert failed.reason == "unexpected KeyError: 'a bug in the callback'"


def test_connection_refused(fast: FetchSettings) -> None:
    with pytest.raises(FetchError, match="connection refused"):
        Fetcher(fast.model_copy(update={"retries": 0})).get("http://127.0.0.1:9/feed")


def test_dns_rebinding_is_caught_at_connect(
    httpserver: HTTPServer, fast: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """check_url sees a public address, the connection then lands on loopback: refused after connecting."""
    import socket

    real = socket.getaddrinfo
    answers = iter([[(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]])

    def rebinding(host: str, *args: object, **kwargs: object) -> object:
        if host == "rebind.example":
            return next(answers, None) or real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr("urllib3.util.connection.socket.getaddrinfo", rebinding)
    httpserver.expect_request("/secret").respond_with_data("internal")
    settings = fast.model_copy(update={"allow_private_hosts": ("10.0.0.0/8",), "retries": 0})
    with pytest.raises(BlockedURLError, match="connected to the non-public address 127.0.0.1"):
        Fetcher(settings).get(f"http://rebind.example:{httpserver.port}/secret")


def test_per_host_and_global_limits(httpserver: HTTPServer, fast: FetchSettings) -> None:
    import threading

    lock = threading.Lock()
    active = {"now": 0, "max": 0}

    def counted(_: Request) -> Response:
        with lock:
            active["now"] += 1
            active["max"] = max(active["max"], active["now"])
        time.sleep(0.1)
        with lock:
            active["now"] -= 1
        return Response("ok")

    httpserver.expect_request("/slot").respond_with_handler(counted)
    urls = [httpserver.url_for(f"/slot?n={n}") for n in range(10)]
    Fetcher(fast.model_copy(update={"per_host": 2, "concurrency": 8})).get_many(urls)
    assert active["max"] == 2
    active["max"] = 0
    Fetcher(fast.model_copy(update={"per_host": 8, "concurrency": 3})).get_many(urls)
    assert active["max"] == 3


def test_hosts_are_interleaved() -> None:
    from generator.net.fetch import _interleave_hosts

    urls = [
        "http://a.example/1",
        "http://a.example/2",
        "http://a.example/3",
        "http://b.example/1",
        "http://c.example/1",
        "http://b.example/2",
    ]
    assert _interleave_hosts(urls) == [
        "http://a.example/1",
        "http://b.example/1",
        "http://c.example/1",
        "http://a.example/2",
        "http://b.example/2",
        "http://a.example/3",
    ]


def test_retry_after_beyond_the_deadline_fails_at_once(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/later").respond_with_data("", status=503, headers={"Retry-After": "8"})
    waits: list[float] = []
    with pytest.raises(FetchError, match="no time left to retry before the stage deadline"):
        Fetcher(fast, sleep=waits.append).get(httpserver.url_for("/later"), deadline=time.monotonic() + 5)
    assert waits == []


def test_retry_after_as_http_date(httpserver: HTTPServer, fast: FetchSettings) -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
    httpserver.expect_ordered_request("/date").respond_with_data(
        "", status=429, headers={"Retry-After": when}
    )
    httpserver.expect_ordered_request("/date").respond_with_data("ok")
    waits: list[float] = []
    assert Fetcher(fast, sleep=waits.append).get(httpserver.url_for("/date")).content == b"ok"
    assert len(waits) == 1 and 2 < waits[0] <= 4


def test_304_without_a_cached_copy(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/odd").respond_with_data("", status=304)
    with pytest.raises(FetchError, match="304"):
        Fetcher(fast).get(httpserver.url_for("/odd"))


def test_cache_entry_is_body_plus_metadata(
    httpserver: HTTPServer, fast: FetchSettings, tmp_path: Path
) -> None:
    body = "<rss>中文 \x00 bytes</rss>".encode("gb18030")
    httpserver.expect_request("/feed").respond_with_data(
        body, headers={"Last-Modified": "Sun, 15 Nov 2026 12:00:00 GMT"}
    )
    cache = HttpCache(tmp_path)
    fetched = Fetcher(fast, cache).get(httpserver.url_for("/feed"), conditional=True)
    assert fetched.headers["last-modified"] == fetched.headers["Last-Modified"]  # case-insensitive headers
    assert cache.body(httpserver.url_for("/feed")) == body
    assert cache.load(httpserver.url_for("/feed"))["last_modified"] == "Sun, 15 Nov 2026 12:00:00 GMT"
    assert cache.load(httpserver.url_for("/other")) is None
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".body", ".json"]


def test_temporary_dns_failure_is_retried(
    httpserver: HTTPServer, fast: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    real = socket.getaddrinfo
    failures = iter([socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")])

    def flaky(host: str, *args: object, **kwargs: object) -> object:
        error = next(failures, None)
        if error is not None:
            raise error
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", flaky)
    httpserver.expect_request("/dns").respond_with_data("resolved")
    assert Fetcher(fast).get(httpserver.url_for("/dns")).content == b"resolved"


def test_describe_gives_one_plain_line() -> None:
    from generator.net.fetch import describe

    assert describe(ValueError("bad\n  input\tat line 3")) == "unexpected ValueError: bad input at line 3"
    assert describe(FetchError("http://a.example/feed: HTTP 404")) == "http://a.example/feed: HTTP 404"
    long = describe(FetchError("x" * 400))
    assert len(long) == 300 and long.endswith("x…")


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("", "a redirect without a Location"),
        ("http://[::1", "invalid URL (Invalid IPv6 URL)"),
        ("http://example.com:port/", "a redirect to an invalid URL 'http://example.com:port/'"),
    ],
)
def test_a_broken_redirect_is_a_plain_fetch_error(fast: FetchSettings, location: str, reason: str) -> None:
    with serving_tricklers() as start:
        server, url = start(
            f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()
        )
        server.gap_s = 0
        with pytest.raises(FetchError) as caught:
            Fetcher(fast).get(url)
    assert str(caught.value) == f"{url}: {reason}"
