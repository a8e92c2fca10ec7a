from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from generator.config import FetchSettings
from generator.errors import BlockedURLError, FetchError
from generator.fetch import Fetcher, HttpCache, check_url

LOOPBACK_ONLY = ("127.0.0.0/8",)


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """A threaded server per test, so a slow handler of one test never delays the next."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


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
    with pytest.raises(FetchError, match="HTTP 404"):
        Fetcher(fast).get(httpserver.url_for("/missing"))


def test_500_is_retried_then_succeeds(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_ordered_request("/flaky").respond_with_data("down", status=503)
    httpserver.expect_ordered_request("/flaky").respond_with_data("up")
    assert Fetcher(fast).get(httpserver.url_for("/flaky")).content == b"up"


def test_repeated_500_fails_after_retries(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/down").respond_with_data("down", status=500)
    with pytest.raises(FetchError, match="HTTP 500"):
        Fetcher(fast).get(httpserver.url_for("/down"))
    assert len(httpserver.log) == 2


def test_429_honours_retry_after(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "3"})
    httpserver.expect_ordered_request("/busy").respond_with_data("ok")
    waits: list[float] = []
    assert Fetcher(fast, sleep=waits.append).get(httpserver.url_for("/busy")).content == b"ok"
    assert waits == [3.0]


def test_timeout(httpserver: HTTPServer, fast: FetchSettings) -> None:
    def slow(_: Request) -> Response:
        time.sleep(1.0)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(FetchError, match="timed out"):
        Fetcher(fast.model_copy(update={"retries": 0})).get(httpserver.url_for("/slow"))


def test_trickling_body_is_cut_off(httpserver: HTTPServer, fast: FetchSettings) -> None:
    def trickle() -> Iterator[bytes]:
        for _ in range(40):
            time.sleep(0.1)
            yield b"x"

    httpserver.expect_request("/trickle").respond_with_handler(lambda _: Response(trickle()))
    started = time.monotonic()
    with pytest.raises(FetchError, match="still arriving"):
        Fetcher(fast.model_copy(update={"retries": 0})).get(httpserver.url_for("/trickle"))
    assert time.monotonic() - started < 3


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
        httpserver.expect_request(f"/r{n}").respond_with_data("", status=302, headers={"Location": f"/r{n + 1}"})
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
    ["javascript:alert(1)", "data:text/html,hi", "file:///etc/passwd", "ftp://example.com/x", "http://10.1.2.3/",
     "http://127.0.0.1:9/", "http://[::1]/", "http://192.168.1.1/", "http://169.254.169.254/"],
)  # fmt: skip
def test_guard_refuses(url: str) -> None:
    with pytest.raises(BlockedURLError):
        check_url(url)


def test_guard_allows_listed_networks_only() -> None:
    check_url("http://127.0.0.1:8000/", LOOPBACK_ONLY)
    check_url("http://10.0.0.1/", True)
    with pytest.raises(BlockedURLError):
        check_url("http://10.0.0.1/", LOOPBACK_ONLY)


def test_conditional_get_reuses_cache(httpserver: HTTPServer, fast: FetchSettings, tmp_path: Path) -> None:
    httpserver.expect_ordered_request("/feed").respond_with_data("<rss>v1</rss>", headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    fetcher = Fetcher(fast, HttpCache(tmp_path))
    first = fetcher.get(httpserver.url_for("/feed"), conditional=True)
    second = fetcher.get(httpserver.url_for("/feed"), conditional=True)
    assert not first.from_cache and second.from_cache and second.content == b"<rss>v1</rss>"


def test_get_many_reports_every_url(httpserver: HTTPServer, fast: FetchSettings) -> None:
    httpserver.expect_request("/ok").respond_with_data("fine")
    httpserver.expect_request("/bad").respond_with_data("", status=404)
    urls = [httpserver.url_for("/ok"), httpserver.url_for("/bad"), "javascript:alert(1)"]
    results = Fetcher(fast).get_many(urls)
    assert set(results) == set(urls)
    assert results[urls[0]].content == b"fine"
    assert isinstance(results[urls[1]], FetchError) and isinstance(results[urls[2]], BlockedURLError)


def test_connection_refused(fast: FetchSettings) -> None:
    with pytest.raises(FetchError, match="connection refused"):
        Fetcher(fast.model_copy(update={"retries": 0})).get("http://127.0.0.1:9/feed")
