"""The built sample site in headless Chromium (Debian's `chromium`, driven by Playwright for Python).

The site is served on loopback; every other request is blocked (and would fail the test). Screenshots of the post
at desktop and mobile widths, light and dark, are saved under test-artifacts/browser/ (CI uploads the folder).
Without Chromium the test fails and says how to install it: `scripts/test` installs it when it can.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from chromium import (
    ARTIFACTS,
    DESKTOP,
    MOBILE,
    launch_chromium,
    open_page,
    post_path,
    screenshot,
    serve_directory,
)
from conftest import SampleRun

from generator.samples import SAMPLE_DATE
from generator.site.layout import load_site


@pytest.fixture(scope="module")
def site_url(sample_site: SampleRun) -> Iterator[str]:
    with serve_directory(sample_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with launch_chromium() as launched:
        yield launched


def check_cover(page) -> None:
    cover = page.locator(f'article img[src$="assets/covers/{SAMPLE_DATE}.png"]').first
    cover.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=cover.element_handle())
    assert cover.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [1200, 630]
    assert cover.get_attribute("alt")


def test_post_in_chromium_desktop(browser, site_url: str, sample_site: SampleRun) -> None:
    group = load_site(sample_site.root / "src" / "mkdocs.yml").telegram["group"]
    context, page, problems = open_page(
        browser, site_url + post_path(sample_site.site, SAMPLE_DATE), viewport=DESKTOP
    )
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
    for scheme, viewport, mobile, name in (
        ("light", MOBILE, True, "mobile"),
        ("dark", DESKTOP, False, "desktop-dark"),
        ("dark", MOBILE, True, "mobile-dark"),
    ):
        context, page, problems = open_page(
            browser,
            site_url + post_path(sample_site.site, SAMPLE_DATE),
            viewport=viewport,
            scheme=scheme,
            mobile=mobile,
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
    context, page, problems = open_page(browser, site_url, viewport=DESKTOP)
    try:
        assert page.locator(".md-post--excerpt").count() == 1
        assert page.locator(".telegram-card").count() == 0
        assert problems == []
    finally:
        context.close()
