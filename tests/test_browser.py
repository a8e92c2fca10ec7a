"""The built sample site in headless Chromium (Debian's `chromium`, driven by Playwright for Python).

The site is served on loopback; every other request is blocked (and would fail the test). Screenshots of the post
at desktop and mobile widths, light and dark, are saved under test-artifacts/browser/ (CI uploads the folder).
Without Chromium the test fails and says how to install it: `scripts/test` installs it when it can.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import SampleRun

from generator.samples import SAMPLE_DATE
from generator.site import load_site

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


def chromium_path() -> str:
    """Debian's chromium (or $CHROMIUM); a clear failure, never a silent skip, when it is missing."""
    for candidate in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "/usr/bin/chromium"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail(
        "the browser test needs Chromium: install it (Debian/Ubuntu: sudo apt-get install chromium) "
        "or set CHROMIUM to its path; scripts/test installs it when apt is usable"
    )


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """No request logging."""


@pytest.fixture(scope="module")
def site_url(sample_site: SampleRun) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(sample_site.site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the browser test needs Playwright for Python: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def post_path(sample_site: SampleRun) -> str:
    (page,) = sample_site.site.glob(f"{SAMPLE_DATE:%Y/%m/%d}/*/index.html")
    return page.parent.relative_to(sample_site.site).as_posix() + "/"


def open_post(
    browser: object, url: str, *, viewport: dict[str, int], scheme: str = "light", mobile: bool = False
):
    """A new page on the post, with console errors and non-loopback requests recorded."""
    context = browser.new_context(
        viewport=viewport,
        color_scheme=scheme,
        is_mobile=mobile,
        has_touch=mobile,
        device_scale_factor=2 if mobile else 1,
    )
    problems: list[str] = []

    def guard(route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            problems.append(f"request outside the site: {route.request.url}")
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type in ("error", "assert")
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url} {request.failure}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"HTTP {response.status}: {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    return context, page, problems


def screenshot(page, name: str) -> None:
    """The whole page from the top (sticky header and sidebars where they belong)."""
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(100)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def check_cover(page) -> None:
    cover = page.locator(f'article img[src$="assets/covers/{SAMPLE_DATE}.png"]').first
    cover.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=cover.element_handle())
    assert cover.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1200, 630]
    assert cover.get_attribute("alt")


def test_post_in_chromium_desktop(browser, site_url: str, sample_site: SampleRun) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    group = load_site(sample_site.root / "src" / "mkdocs.yml").telegram["group"]
    context, page, problems = open_post(browser, site_url + post_path(sample_site), viewport=DESKTOP)
    try:
        assert page.locator("article h1").count() == 1
        check_cover(page)
        cta = page.locator(".telegram-card__cta")
        assert cta.count() == 1 and cta.get_attribute("href") == group
        cta.scroll_into_view_if_needed()
        assert cta.is_visible() and cta.inner_text().strip() == "立即加入群组"
        qr = page.locator(".telegram-card__qr")
        qr.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())
        assert qr.is_visible()
        card = page.locator(".telegram-card").bounding_box()
        article = page.locator("article").bounding_box()
        assert (
            card
            and article
            and card["x"] >= article["x"] - 1
            and card["x"] + card["width"] <= article["x"] + article["width"] + 1
        )
        screenshot(page, "post-desktop")
        page.locator(".telegram-card").screenshot(path=str(ARTIFACTS / "cta-desktop.png"))
        assert problems == []
    finally:
        context.close()


def test_post_in_chromium_mobile_and_dark(browser, site_url: str, sample_site: SampleRun) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for scheme, viewport, mobile, name in (
        ("light", MOBILE, True, "mobile"),
        ("dark", DESKTOP, False, "desktop-dark"),
        ("dark", MOBILE, True, "mobile-dark"),
    ):
        context, page, problems = open_post(
            browser, site_url + post_path(sample_site), viewport=viewport, scheme=scheme, mobile=mobile
        )
        try:
            check_cover(page)
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
            cta = page.locator(".telegram-card__cta")
            cta.scroll_into_view_if_needed()
            assert cta.is_visible()
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
                "horizontal scroll"
            )
            if mobile:  # the QR code is for scanning with another device: hidden on the phone itself
                assert not page.locator(".telegram-card__qr").is_visible()
                box = cta.bounding_box()
                assert box and box["width"] > viewport["width"] * 0.6  # a full-width button
            colours = page.locator(".telegram-card").evaluate(
                "el => [getComputedStyle(el).backgroundColor,"
                " getComputedStyle(el.querySelector('.telegram-card__title')).color]"
            )
            assert colours[0] != colours[1]
            screenshot(page, f"post-{name}")
            page.locator(".telegram-card").screenshot(path=str(ARTIFACTS / f"cta-{name}.png"))
            assert problems == []
        finally:
            context.close()


def test_home_page_lists_the_post_without_the_card(browser, site_url: str) -> None:
    context, page, problems = open_post(browser, site_url, viewport=DESKTOP)
    try:
        assert page.locator(".md-post--excerpt").count() == 1
        assert page.locator(".telegram-card").count() == 0
        assert problems == []
    finally:
        context.close()
