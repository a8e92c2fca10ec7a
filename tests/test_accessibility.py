"""Accessibility of the built site: axe-core in headless Chromium, and what axe cannot see by itself (hover, focus).

axe-core comes from the npm registry, pinned in tests/browser/package.json and its package-lock.json; `scripts/test`
runs `npm ci` there. Without Node.js and npm (and so without axe-core) this module is skipped with one line.

What fails: every serious or critical violation (axe's impact levels), except the theme's own listed in
THEME_VIOLATIONS with the reason each is left; any violation at all, of any impact, inside our own markup (OURS:
the post body, the excerpts on the home page, the Telegram card, the home page's header); and text in our markup
whose contrast axe could not measure ("incomplete"). Every run's full result is saved as
test-artifacts/browser/axe-<name>.json for review.

Pages: the sample day's home page and post (insight layout) in light and dark, desktop and mobile; the same day
in the briefing, tracker and dispatch layouts (lead images, the leaderboard table) with a configured Telegram card.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from chromium import ARTIFACTS, DESKTOP, MOBILE, launch_chromium, open_page, post_path, serve_directory
from conftest import SampleRun, draw_qr_placeholder

from generator.samples import SAMPLE_DATE

BROWSER_DIR = Path(__file__).resolve().parent / "browser"
AXE = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
OURS = "article.md-content__inner, .md-post__content, .md-content__inner > header.md-typeset"
VIEWPORTS = {"desktop": (DESKTOP, False), "mobile": (MOBILE, True)}
OTHER_LAYOUTS = ("briefing", "tracker", "dispatch")
TELEGRAM = {"TELEGRAM_GROUP": "https://t.me/a11y_check", "TELEGRAM_HANDLE": "a11y_check"}

if not AXE.is_file() and not (shutil.which("node") and shutil.which("npm")):
    pytest.skip("axe-core needs Node.js and npm, not found: no accessibility checks", allow_module_level=True)

# (rule id, the node's CSS selector as axe reports it) → why it is left. Material for MkDocs' own markup, the same on
# every Material site; its accessibility meta issue is squidfunk/mkdocs-material#4101.
THEME_VIOLATIONS = {
    ("aria-dialog-name", ".md-search"): (
        "Material's partials/search.html gives the search overlay role=dialog without an accessible name; naming "
        "it means copying the whole partial into overrides/, a fork of theme code that drifts with every upgrade"
    ),
}

# Runs axe on the document (or on the elements `within` selects); each node says whether it is in our markup.
RUN_AXE = """async ([ours, options, within]) => {
  const result = await axe.run(within ? {include: [within]} : document, options);
  const mark = (item) => ({
    id: item.id, impact: item.impact, help: item.help,
    nodes: item.nodes.map((node) => {
      const element = document.querySelector(node.target[0]);
      return {target: node.target.join(' '), html: node.html.slice(0, 300), summary: node.failureSummary || '',
              ours: Boolean(element && element.closest(ours))};
    }),
  });
  return {version: axe.version, url: location.href, violations: result.violations.map(mark),
          incomplete: result.incomplete.map(mark), passes: result.passes.map(mark)};
}"""


def axe_script() -> Path:
    """axe.min.js as `npm ci` installs it from tests/browser/package-lock.json; a clear failure when it is missing
    or another version."""
    if not AXE.is_file():  # npm is there (else the module is skipped), `npm ci` was not run
        pytest.fail("axe-core is not installed: run `npm ci --prefix tests/browser` (scripts/test does it)")
    lock = json.loads((BROWSER_DIR / "package-lock.json").read_text(encoding="utf-8"))
    wanted = lock["packages"]["node_modules/axe-core"]["version"]
    installed = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != wanted:
        pytest.fail(
            f"axe-core {installed} is installed, the lock file wants {wanted}: run `npm ci` in tests/browser"
        )
    return AXE


def run_axe(
    page: Any, name: str, options: dict[str, Any] | None = None, within: str | None = None
) -> dict[str, Any]:
    """axe.run() on the page as it is now (on the elements the CSS selector `within` selects, if given); the
    result (see RUN_AXE) is also saved as ARTIFACTS/axe-<name>.json."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script()))
    result = page.evaluate(RUN_AXE, [OURS, options or {}, within])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{name}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return result


def failures(result: dict[str, Any]) -> list[str]:
    """The violations this project answers for (see the module docstring), one line each."""
    found = []
    for violation in result["violations"]:
        for node in violation["nodes"]:
            theirs = (violation["id"], node["target"]) in THEME_VIOLATIONS and not node["ours"]
            if node["ours"] or (violation["impact"] in ("serious", "critical") and not theirs):
                found.append(
                    f"{violation['impact']} {violation['id']} at {node['target']}: {node['summary']}"
                )
    for item in result["incomplete"]:
        if item["id"] == "color-contrast":
            found += [
                f"contrast not measurable at {n['target']}: {n['summary']}"
                for n in item["nodes"]
                if n["ours"]
            ]
    return found


def nodes(result: dict[str, Any], kind: str, rule: str) -> list[dict[str, Any]]:
    return [node for item in result[kind] if item["id"] == rule for node in item["nodes"]]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    axe_script()
    with launch_chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def sample_url(sample_site: SampleRun) -> Iterator[str]:
    with serve_directory(sample_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def layouts_url(sample_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample day in the other layouts (one post each, slug ai-daily-<day>-<layout>) with a configured
    Telegram card (group, handle, QR image), built with `mkdocs build --strict` and served on loopback."""
    from generator.cli import main
    from generator.config import load_settings
    from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config
    from generator.site import load_site, write_site_pages

    day = SAMPLE_DATE.isoformat()
    root = tmp_path_factory.mktemp("a11y")
    copy_site(root / "src", include_posts=False)
    draw_qr_placeholder(root / "src" / "docs" / "assets" / "telegram-qr.png")
    posts = root / "src" / "docs" / "blog" / "posts"
    for layout in OTHER_LAYOUTS:
        config = write_sample_config(root / "src", sample_server, root / "cache", {"layout": layout})
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["generate", "--config", str(config), "--date", day, "--now", SAMPLE_NOW, "--force"])
        assert code == 0, err.getvalue()
        text, count = re.subn(
            r"(?m)^slug: (.+)$", rf"slug: \1-{layout}", (posts / f"{day}.md").read_text("utf-8")
        )
        assert count == 1
        (posts / f"{day}-{layout}.md").write_text(text, encoding="utf-8")
        (posts / f"{day}.md").unlink()
        (posts / f"{day}.stories.json").unlink()
    # the posts were renamed by hand: the archive and the tags page are written again from them
    settings = load_settings(config)
    write_site_pages(settings, load_site(settings.paths.mkdocs), None, status=False)
    with pytest.MonkeyPatch.context() as patch:
        for key, value in {**TELEGRAM, "TELEGRAM_QR": "assets/telegram-qr.png"}.items():
            patch.setitem(os.environ, key, value)
        build_site(root / "src", root / "site")
    with serve_directory(root / "site") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "mobile"])
@pytest.mark.parametrize("which", ["home", "post"])
def test_sample_site_passes_axe(
    browser: Any, sample_url: str, sample_site: SampleRun, which: str, width: str, scheme: str
) -> None:
    path = post_path(sample_site.site, SAMPLE_DATE) if which == "post" else ""
    viewport, mobile = VIEWPORTS[width]
    context, page, problems = open_page(
        browser, sample_url + path, viewport=viewport, scheme=scheme, mobile=mobile
    )
    try:
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
        result = run_axe(page, f"{which}-{width}-{scheme}")
        assert failures(result) == []
        assert nodes(result, "passes", "color-contrast"), "axe measured no text contrast at all"
        assert problems == []
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_source_links_are_underlined_and_readable(
    browser: Any, sample_url: str, sample_site: SampleRun, scheme: str
) -> None:
    """The issue's fault: the stories' source links differed from body text by colour alone (2.34:1)."""
    url = sample_url + post_path(sample_site.site, SAMPLE_DATE)
    context, page, _ = open_page(browser, url, viewport=DESKTOP, scheme=scheme)
    try:
        links = page.locator("article :is(p, li, li > span) > a[href^='http://127.0.0.1']")
        assert links.count() >= 20  # every story's sources and every 更多动态 line
        decorations = links.evaluate_all("all => all.map(a => getComputedStyle(a).textDecorationLine)")
        assert set(decorations) == {"underline"}
        result = run_axe(
            page, f"source-links-{scheme}", {"runOnly": ["link-in-text-block", "color-contrast"]}
        )
        assert failures(result) == []
        # axe judges a link only where the rest of its block is text (not a line of three source names); those
        # it judged passed, and the computed underline above holds for every one.
        checked = {node["target"] for node in nodes(result, "passes", "link-in-text-block") if node["ours"]}
        assert len(checked) >= links.count() // 2
    finally:
        context.close()


@pytest.mark.parametrize(("scheme", "width"), [("light", "desktop"), ("dark", "mobile")])
@pytest.mark.parametrize("layout", OTHER_LAYOUTS)
def test_every_layout_passes_axe(
    browser: Any, layouts_url: str, layout: str, scheme: str, width: str
) -> None:
    viewport, mobile = VIEWPORTS[width]
    path = f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{SAMPLE_DATE}-{layout}/"
    context, page, problems = open_page(
        browser, layouts_url + path, viewport=viewport, scheme=scheme, mobile=mobile
    )
    try:
        article = page.locator("article")
        assert "data-search-exclude" not in article.inner_text()  # the attr_list markers never show as text
        assert page.locator(".telegram-card").count() == 1
        alts = article.locator("img").evaluate_all("all => all.map(img => img.getAttribute('alt'))")
        assert alts and all(
            alt and alt.strip() and not re.search(r"\.(png|jpe?g|gif|webp)$", alt) for alt in alts
        )
        if layout == "briefing":
            assert len(alts) >= 2  # the cover and lead images
        if layout == "tracker":
            assert page.locator("article table th").count() >= 3  # the leaderboard keeps its header row
        result = run_axe(page, f"{layout}-{width}-{scheme}")
        assert failures(result) == []
        assert problems == []
    finally:
        context.close()


def rgba(css: str) -> tuple[float, float, float, float]:
    """A computed CSS colour ('rgb(r, g, b)' or 'rgba(r, g, b, a)', as Chromium serializes it) as 0..1 floats."""
    numbers = [float(n) for n in re.findall(r"[\d.]+", css)]
    assert css.startswith("rgb") and len(numbers) in (3, 4), css
    red, green, blue, alpha = (*numbers, 1.0)[:4]
    return red / 255, green / 255, blue / 255, alpha


def over(top: tuple[float, ...], bottom: tuple[float, ...]) -> tuple[float, float, float, float]:
    """`top` painted over an opaque `bottom` (source-over compositing)."""
    alpha = top[3]
    red, green, blue = (t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3], strict=True))
    return red, green, blue, 1.0


def contrast(first: tuple[float, ...], second: tuple[float, ...]) -> float:
    """The contrast ratio of two opaque colours: WCAG 2.2, definitions of "contrast ratio" and "relative luminance"."""

    def luminance(colour: tuple[float, ...]) -> float:
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour[:3]]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_follows_the_wcag_formula() -> None:
    white, black = rgba("rgb(255, 255, 255)"), rgba("rgb(0, 0, 0)")
    assert contrast(white, black) == pytest.approx(21)
    assert contrast(rgba("rgb(64, 81, 181)"), rgba("rgb(33, 33, 33)")) == pytest.approx(
        2.34, abs=0.01
    )  # the issue's
    assert over(rgba("rgba(0, 0, 0, 0.5)"), white)[:3] == pytest.approx((0.5, 0.5, 0.5))


CARD_COLOURS = """cta => {
  const style = getComputedStyle(cta), card = cta.closest('.telegram-card');
  let behind = card.parentElement;  // the first opaque background behind the card
  while (behind && getComputedStyle(behind).backgroundColor.match(/rgba\\(.*, 0\\)$|transparent/)) {
    behind = behind.parentElement;
  }
  return {outline: [style.outlineStyle, parseFloat(style.outlineWidth), style.outlineColor],
          card: getComputedStyle(card).backgroundColor,
          page: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)'};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_telegram_button_focus_and_hover_are_visible_and_readable(
    browser: Any, layouts_url: str, scheme: str
) -> None:
    """Keyboard focus draws a ring of at least 2 px with 3:1 against the card (WCAG 2.2 SC 2.4.7, SC 1.4.11), and
    the button's text stays at 4.5:1 while focused and hovered (SC 1.4.3): axe only sees the state it is given."""
    path = f"{SAMPLE_DATE:%Y/%m/%d}/ai-daily-{SAMPLE_DATE}-briefing/"
    context, page, problems = open_page(browser, layouts_url + path, viewport=DESKTOP, scheme=scheme)
    try:
        cta = page.locator(".telegram-card__cta")
        assert cta.get_attribute("href") == TELEGRAM["TELEGRAM_GROUP"]
        cta.scroll_into_view_if_needed()
        page.locator(".telegram-card__handle").focus()
        page.keyboard.press("Tab")  # the next stop after the @handle is the button
        assert cta.evaluate("el => el === document.activeElement && el.matches(':focus-visible')")
        page.wait_for_timeout(300)  # the button's colour transition
        colours = cta.evaluate(CARD_COLOURS)
        style, width, ring = colours["outline"]
        assert style == "solid" and width >= 2
        behind = over(rgba(colours["card"]), rgba(colours["page"]))
        assert contrast(over(rgba(ring), behind), behind) >= 3
        for state in ("focus", "hover"):
            if state == "hover":
                page.evaluate("document.activeElement.blur()")
                cta.hover()
                page.wait_for_timeout(300)
            result = run_axe(
                page, f"telegram-{state}-{scheme}", {"runOnly": ["color-contrast"]}, ".telegram-card"
            )
            assert failures(result) == []
            passed = {node["target"] for node in nodes(result, "passes", "color-contrast")}
            assert ".telegram-card__cta" in passed, state
        assert problems == []
    finally:
        context.close()
