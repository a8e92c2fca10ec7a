"""Shared fixtures. The network is blocked except loopback: a test that needs the internet fails loudly."""

from __future__ import annotations

import contextlib
import io
import ipaddress
import os
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from generator.config import FetchSettings

_real_connect = socket.socket.connect
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only(self: socket.socket, address: object) -> object:
    host = address[0] if isinstance(address, tuple) else None
    if host is not None:
        try:
            allowed = ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = host == "localhost"
        if not allowed:
            raise OSError(f"tests must not touch the network (tried {host})")
    return _real_connect(self, address)


def _no_dns(host: object, *args: object, **kwargs: object) -> object:
    """Names are not looked up (a DNS query is network traffic too); IP literals and localhost pass."""
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and name != "localhost":
        try:
            ipaddress.ip_address(str(name).split("%")[0])
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, f"tests do not resolve names (tried {name})") from None
    return _real_getaddrinfo(host, *args, **kwargs)


# The fast lane (`scripts/test --fast`, pytest -m "not slow and not browser") leaves out what builds a site with
# `mkdocs build --strict` (these fixtures build one) and what drives Chromium; CI runs everything.
# tests/test_lanes.py fails when a fixture or a test reaches a site build without being listed or marked.
SITE_FIXTURES = frozenset(
    {
        "sample_site",
        "layout_site",
        "small_blog",
        "sequence",
        "search_site",
        "fork_site",
        "weekly_site",
        "layouts_url",
        "sample_url",
        "input_day",  # tests/test_input_day.py: the day of faulty input, generated and built
        "edition_site",  # tests/test_edition_site.py: the sample day with the English edition, both sites built
        "feeds_site",  # tests/test_reader_feeds_site.py: the sample day built before and after a correction
        "hostile_run",  # tests/test_end_to_end.py: the sample day plus a hostile feed title, built
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `browser` the tests that use the Chromium fixture, `slow` those that use a site-building fixture (and
    every browser test: each needs a built site)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & SITE_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket.socket, "connect", _loopback_only)
    monkeypatch.setattr(socket, "getaddrinfo", _no_dns)


@pytest.fixture(autouse=True)
def _no_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.delenv("GOOGLE_API_KEY", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv(
        "GITHUB_ACTIONS", raising=False
    )  # CI runs under Actions: no annotations unless a test asks


@pytest.fixture
def fetch_settings() -> FetchSettings:
    """Fast, loopback-friendly fetch settings."""
    return FetchSettings(
        allow_private_hosts=True,
        connect_timeout_s=2,
        read_timeout_s=2,
        retries=1,
        backoff_s=0.01,
        deadline_s=20,
        max_bytes=200_000,
    )


@pytest.fixture(scope="session")
def _threaded_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", threaded=True)  # threaded: a slow handler blocks no other request
    server.start()
    yield server
    server.stop()


@pytest.fixture
def httpserver(_threaded_server: HTTPServer) -> Iterator[HTTPServer]:
    """One loopback server for the session (starting one costs time), cleared after each test."""
    yield _threaded_server
    _threaded_server.clear()


@pytest.fixture(scope="session")
def sample_server() -> Iterator[str]:
    """The bundled sample day, served on loopback for the whole session."""
    from generator.samples import serve_sample_day

    with serve_sample_day() as base_url:
        yield base_url


@pytest.fixture
def project_root() -> Path:
    return Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SampleRun:
    """The sample day generated through the CLI into a copy of the site, and that site built."""

    root: Path
    config: Path
    post: Path
    cover: Path
    site: Path
    stdout: str
    stderr: str
    base_url: str

    def normalized_post(self) -> str:
        """The post with the sample server's random port replaced by the placeholder the samples use, and the
        story ids (hashes of those URLs, so they change with the port) by `{{ID}}`, in the stories' anchors too
        (`{ #s-{{ID}} }`)."""
        text = self.post.read_text(encoding="utf-8").replace(self.base_url, "{{BASE}}")
        text = re.sub(r"\{ #s-[0-9a-f]{8} \}", "{ #s-{{ID}} }", text)
        return re.sub(r"^(\s*- id: )'?[0-9a-f]{8}'?$", r"\1{{ID}}", text, flags=re.M)

    def normalized_records(self) -> str:
        """The story records beside the post, normalized like `normalized_post`."""
        path = self.post.with_name(f"{self.post.stem}.stories.json")
        text = path.read_text(encoding="utf-8").replace(self.base_url, "{{BASE}}")
        text = re.sub(r'"anchor": "s-[0-9a-f]{8}"', '"anchor": "s-{{ID}}"', text)
        return re.sub(r'"id": "[0-9a-f]{8}"', '"id": "{{ID}}"', text)


def draw_qr_placeholder(path: Path) -> None:
    """A QR-code-like PNG (not a real code) for the Telegram card of the test site."""
    from PIL import Image

    cells = 25
    image = Image.new("1", (cells, cells), 1)
    for y in range(cells):
        for x in range(cells):
            finder = any(
                x in range(ox, ox + 7) and y in range(oy, oy + 7) for ox, oy in ((0, 0), (18, 0), (0, 18))
            )
            if finder:
                ring = max(abs(x - (x // 18) * 18 - 3), abs(y - (y // 18) * 18 - 3))
                image.putpixel((x, y), 0 if ring in (0, 1, 3) else 1)
            elif (x * 7 + y * 13 + x * y) % 5 < 2:
                image.putpixel((x, y), 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.resize((cells * 8, cells * 8), Image.Resampling.NEAREST).save(path)


TELEGRAM_TEST_HANDLE = "example_group"
TELEGRAM_TEST_GROUP = "https://t.me/example_group"


def configure_telegram(mkdocs_yml: Path) -> None:
    """Give a copied site a Telegram card, as an owner would in mkdocs.yml (the defaults there are empty)."""
    text = mkdocs_yml.read_text(encoding="utf-8")
    for name, value in (("TELEGRAM_HANDLE", TELEGRAM_TEST_HANDLE), ("TELEGRAM_GROUP", TELEGRAM_TEST_GROUP)):
        default = f"!ENV [{name}, null]"
        assert text.count(default) == 1, f"mkdocs.yml no longer reads {name} with an empty default"
        text = text.replace(default, f'!ENV [{name}, "{value}"]')
    mkdocs_yml.write_text(text, encoding="utf-8")


@pytest.fixture(scope="session")
def sample_site(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleRun]:
    """The sample day through the real CLI into a copy of the site, then `mkdocs build --strict`, once per session.

    The Telegram card is configured: its group and handle in the copied mkdocs.yml (configure_telegram), a
    (placeholder) QR image through the TELEGRAM_QR variable mkdocs.yml reads, as the daily workflow passes it.
    """
    from generator.cli import main
    from generator.samples import SAMPLE_DATE
    from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config

    day = SAMPLE_DATE.isoformat()
    root = tmp_path_factory.mktemp("site")
    copy_site(root / "src", include_posts=False)
    configure_telegram(root / "src" / "mkdocs.yml")
    draw_qr_placeholder(root / "src" / "docs" / "assets" / "telegram-qr.png")
    config = write_sample_config(root / "src", sample_server, root / "cache")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["generate", "--config", str(config), "--date", day, "--now", SAMPLE_NOW])
    assert code == 0, err.getvalue()
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "TELEGRAM_QR", "assets/telegram-qr.png")
        build_site(root / "src", root / "site")
    docs = root / "src" / "docs"
    yield SampleRun(
        root,
        config,
        docs / "blog" / "posts" / f"{day}.md",
        docs / "assets" / "covers" / f"{day}.png",
        root / "site",
        out.getvalue(),
        err.getvalue(),
        sample_server,
    )
