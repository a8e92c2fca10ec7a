"""Every try has a wall-clock limit that really interrupts it (connect, headers, redirects, body), and retries
fit the stage deadline. Raw loopback servers send bytes as slowly as needed; each test asserts the reason
(which names the limit that ended the try) and that the server saw the client hang up before it was done.
"""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
import trustme
from pytest_httpserver import HTTPServer
from rawhttp import Trickler, serving_tricklers
from werkzeug import Request, Response

from generator.config import FetchSettings, PostSettings, parse_settings
from generator.config_look import LeaderboardSettings
from generator.errors import ConfigError, FetchError
from generator.models import Article, FeedItem, Story
from generator.net.fetch import Fetcher
from generator.post.images import collect_images
from generator.post.leaderboard import fetch_leaderboard
from generator.site import SiteLayout

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %d\r\n\r\n" % len(FEED)


@pytest.fixture
def quick() -> FetchSettings:
    """A silence of 2 s is allowed (read timeout), a whole try only 0.5 s."""
    return FetchSettings(
        allow_private_hosts=("127.0.0.0/8",),
        connect_timeout_s=1,
        read_timeout_s=2,
        response_timeout_s=0.5,
        retries=2,
        backoff_s=0.01,
        deadline_s=20,
    )


@pytest.fixture
def trickler() -> Iterator[Callable[[bytes], tuple[Trickler, str]]]:
    with serving_tricklers() as start:
        yield start


CUT_OFF = r"cut off after \d+\.\ds: no complete response within 0.5s \(fetch.response_timeout_s\)$"


def test_a_body_trickling_in_is_cut_off_at_the_response_limit(trickler, quick: FetchSettings) -> None:
    """1 byte every 50 ms never trips a 2 s read timeout; the 0.5 s limit of the whole try ends it."""
    server, url = trickler(HEAD + FEED)
    with pytest.raises(FetchError, match=CUT_OFF):
        Fetcher(quick).get(url)
    assert server.wait_for_hang_up() and server.hung_up_after[0] < len(HEAD + FEED)
    assert server.connections == 1  # a try that ran out of time is not repeated


def test_a_trickle_over_tls_is_cut_off_too(
    trickler, quick: FetchSettings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under TLS the watch shuts the socket under the TLS layer down: the blocked TLS read ends as well."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):  # requests prefers these to session.verify
        monkeypatch.delenv(name, raising=False)
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    server, url = trickler(HEAD + FEED)
    server.tls = server_context
    authority.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    fetcher = Fetcher(quick)
    fetcher.session.verify = str(tmp_path / "ca.pem")
    with pytest.raises(FetchError, match=CUT_OFF):
        fetcher.get(url.replace("http://", "https://"))
    assert server.wait_for_hang_up() and server.hung_up_after[0] < len(HEAD + FEED)
    assert server.connections == 1


def test_an_untrusted_certificate_fails_at_once_with_its_reason(
    trickler, quick: FetchSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    trustme.CA().issue_cert("127.0.0.1").configure_cert(server_context)  # a CA the client does not know
    server, url = trickler(HEAD + FEED)
    server.tls = server_context
    # the reason is under test, not the clock: a whole try may take 10 s here, so that a loaded machine's slow
    # handshake is not cut off first (it was, once, under a parallel run of the whole suite)
    patient = quick.model_copy(update={"response_timeout_s": 10})
    with pytest.raises(
        FetchError, match=r"TLS: certificate verify failed: unable to get local issuer certificate$"
    ):
        Fetcher(patient).get(url.replace("http://", "https://"))
    assert server.connections == 1  # not retried


def test_headers_trickling_in_are_cut_off_too(trickler, quick: FetchSettings) -> None:
    server, url = trickler(HEAD + FEED)
    server.gap_s = 0.1  # the status line alone takes 1.5 s
    with pytest.raises(FetchError, match=CUT_OFF):
        Fetcher(quick).get(url)
    assert server.wait_for_hang_up() and server.hung_up_after[0] < len(HEAD)


def test_a_body_without_length_that_stops_at_the_cut_is_not_taken_as_complete(
    trickler, quick: FetchSettings
) -> None:
    """Without Content-Length the end of the body is the end of the connection: shutting the socket down
    looks like that end, so a cut body must still fail, not come back truncated."""
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nConnection: close\r\n\r\n"
    server, url = trickler(head + FEED * 20)
    server.gap_s = 0.002  # the headers arrive at once, the body takes ~3 s
    with pytest.raises(FetchError, match=CUT_OFF):
        Fetcher(quick).get(url)
    assert server.wait_for_hang_up()


def test_a_server_that_never_answers_ends_at_the_read_timeout(trickler, quick: FetchSettings) -> None:
    server, url = trickler(b"")  # accepts, reads the request, says nothing
    settings = quick.model_copy(update={"read_timeout_s": 0.3, "response_timeout_s": 5})
    with pytest.raises(FetchError, match=r"no answer for 0.3s \(fetch.read_timeout_s\)$"):
        Fetcher(settings).get(url)
    assert server.connections == 1
    with pytest.raises(FetchError, match=r"within 0.5s \(fetch.response_timeout_s\)$"):
        Fetcher(quick).get(url)  # a silence longer than the whole try: the try's limit ends it


def test_a_slow_chain_of_redirects_shares_one_limit(httpserver: HTTPServer, quick: FetchSettings) -> None:
    def hop(request: Request) -> Response:
        n = int(request.path.rsplit("/", 1)[1])
        time.sleep(0.15)
        return Response("", status=302, headers={"Location": f"/hop/{n + 1}"})

    for n in range(10):
        httpserver.expect_request(f"/hop/{n}").respond_with_handler(hop)
    settings = quick.model_copy(update={"max_redirects": 20})
    with pytest.raises(FetchError, match=CUT_OFF):
        Fetcher(settings).get(httpserver.url_for("/hop/0"))
    assert sum(1 for r, _ in httpserver.log if r.path.startswith("/hop/")) < 10  # the chain was cut


def test_the_stage_deadline_cuts_a_try_before_its_own_limit(trickler, quick: FetchSettings) -> None:
    server, url = trickler(HEAD + FEED)
    settings = quick.model_copy(update={"response_timeout_s": 30})
    with pytest.raises(
        FetchError, match=r"no complete response within the stage deadline \(fetch.deadline_s\)$"
    ):
        Fetcher(settings).get(url, deadline=time.monotonic() + 0.4)
    assert server.wait_for_hang_up()


def test_get_many_ends_its_workers_at_the_stage_deadline(trickler, quick: FetchSettings) -> None:
    """The stage gives up at its deadline and its running tries are cut then too: no thread is left
    reading after the stage (nor holding the process at exit)."""
    server, url = trickler(HEAD + FEED)
    settings = quick.model_copy(update={"response_timeout_s": 30, "deadline_s": 0.4})
    result = Fetcher(settings).get_many([url])[url]
    assert result.value is None and "stage deadline (fetch.deadline_s)" in result.reason
    assert server.wait_for_hang_up()
    until = time.monotonic() + 5
    while any(t.name.startswith("fetch") for t in threading.enumerate()) and time.monotonic() < until:
        time.sleep(0.02)
    assert not any(t.name.startswith("fetch") for t in threading.enumerate())


@pytest.mark.parametrize("retry_after", ["3600", "Fri, 31 Dec 2100 23:59:59 GMT"])
def test_a_huge_retry_after_ends_the_tries_at_once(
    httpserver: HTTPServer, quick: FetchSettings, retry_after: str
) -> None:
    httpserver.expect_request("/busy").respond_with_data("", status=429, headers={"Retry-After": retry_after})
    waits: list[float] = []
    with pytest.raises(
        FetchError, match=r"HTTP 429: Retry-After asks for \d+s, more than the 10s a run waits$"
    ):
        Fetcher(quick, sleep=waits.append).get(httpserver.url_for("/busy"))
    assert waits == [] and sum(1 for r, _ in httpserver.log if r.path == "/busy") == 1


def test_backoff_between_retries_fits_the_stage_deadline(
    httpserver: HTTPServer, quick: FetchSettings
) -> None:
    """Waits of 0.3 s then 0.6 s: the first fits a 0.5 s deadline, the second does not, so it is not slept."""
    httpserver.expect_request("/down").respond_with_data("", status=503)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    settings = quick.model_copy(update={"backoff_s": 0.3})
    with pytest.raises(FetchError, match=r"HTTP 503 \(no time left to retry before the stage deadline\)$"):
        Fetcher(settings, sleep=sleep).get(httpserver.url_for("/down"), deadline=time.monotonic() + 0.5)
    assert waits == [0.3] and sum(1 for r, _ in httpserver.log if r.path == "/down") == 2


def test_the_leaderboard_download_has_its_own_limit(trickler, quick: FetchSettings) -> None:
    server, url = trickler(HEAD + FEED)
    settings = LeaderboardSettings(url=url, timeout_s=0.5)
    with pytest.raises(FetchError, match=r"within 0.5s \(leaderboard.timeout_s\)$"):
        fetch_leaderboard(settings, Fetcher(quick), date(2026, 11, 16), datetime(2026, 11, 16, 8))
    assert server.wait_for_hang_up()


def test_a_trickling_lead_image_is_left_out(trickler, quick: FetchSettings) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
    server, url = trickler(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 208\r\n\r\n" + png)
    item = FeedItem(
        id="s1", source="S", title="T", url="https://example.com/a", published=datetime(2026, 11, 16)
    )
    story = Story((Article(item=item, text="t", image=url),))
    day, settings = date(2026, 11, 16), PostSettings(download_images=True)
    images = collect_images([story], day, settings, Fetcher(quick), layout=SiteLayout(Path("docs")))
    assert images.sources == {} and images.files == {}
    assert images.notes == (
        "1 lead image(s) left out: none of the story's images could be verified "
        f"({url}: cut off after 0.5s: no complete response within 0.5s (fetch.response_timeout_s))",
    )
    assert server.wait_for_hang_up()


def test_response_timeout_is_validated() -> None:
    sources = [{"name": "A", "url": "https://example.com/feed.xml"}]
    assert parse_settings({"sources": sources}).fetch.response_timeout_s == 20
    with pytest.raises(ConfigError, match=r"'fetch\.response_timeout_s': Input should be greater than 0"):
        parse_settings({"sources": sources, "fetch": {"response_timeout_s": 0}})
