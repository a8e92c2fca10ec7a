"""Ready for Material's successor (ARCHITECTURE.md, "Material's successor"): the templates in overrides/ are written
in a form both template engines render, and the sample site built by Zensical, then finished by `python -m
generator finish-site`, gives readers, crawlers and feed readers what the MkDocs build gives them.

Zensical is never installed by the project: `scripts/bench build --builder zensical` sets it up in
.cache/zensical-venv. Without it, the build test skips with one line; the template check always runs.
"""

from __future__ import annotations

import contextlib
import email.utils
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pytest
from benchmarks.zensical import zensical_command
from conftest import TELEGRAM_TEST_GROUP, SampleRun
from lxml import etree
from site_checks import DC, STRICT_XML, sitemap_lastmod

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(p for p in (ROOT / "overrides").rglob("*") if p.suffix in (".html", ".xml"))
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
STRING = re.compile(r"\"[^\"]*\"|'[^']*'")
METHOD_CALL = re.compile(
    r"(?:\b([A-Za-z_]\w*)|[)\]])\.(\w+)\s*\("
)  # name.method( or (…).method( or […].method(
MACROS = {"lang"}  # imported templates (`{% import … as lang %}`): a macro call, which both engines make


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_templates_call_no_python_methods(template: Path) -> None:
    """Zensical's engine has no Python methods (str.startswith, dict.get, dict.update, datetime.isoformat …): a
    template calls filters, tests, slices and macros only."""
    calls = [
        f"{receiver}.{name}("
        for tag in TAG.findall(template.read_text(encoding="utf-8"))
        for receiver, name in METHOD_CALL.findall(STRING.sub('""', tag))
        if receiver not in MACROS
    ]
    assert calls == [], f"{template.name}: {calls}"


def test_no_script_of_ours_is_in_the_theme_folder() -> None:
    """Zensical copies every file of custom_dir that is not a template into the site: the hooks live outside."""
    assert [p.name for p in (ROOT / "overrides").rglob("*.py")] == []


@pytest.fixture(scope="module")
def zensical_site(sample_site: SampleRun, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site's source (the sample post, the Telegram card configured) built by Zensical, then finished."""
    command = zensical_command()
    if command is None:
        pytest.skip(
            "Zensical is not installed (scripts/bench build --builder zensical puts it in .cache/zensical-venv)"
        )
    source = tmp_path_factory.mktemp("zensical") / "src"
    shutil.copytree(sample_site.root / "src", source)
    env = {**os.environ, "TELEGRAM_QR": "assets/telegram-qr.png"}
    argv = [str(command), "build", "--strict", "--clean", "-f", str(source / "mkdocs.yml")]
    done = subprocess.run(argv, cwd=source, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["finish-site", str(source / "site"), "--config", str(sample_site.config), "--strict"])
    assert code == 0, err.getvalue()
    return source / "site"


def post_page(site: Path) -> lxml.html.HtmlElement:
    (page,) = site.glob("2026/11/16/*/index.html")
    return lxml.html.fromstring(page.read_bytes())


def head_meta(page: lxml.html.HtmlElement) -> dict[str, str]:
    return {m.get("property") or m.get("name"): m.get("content") for m in page.xpath("//head/meta")}


def test_post_page_says_the_same_to_crawlers(zensical_site: Path, sample_site: SampleRun) -> None:
    """<title>, Open Graph, Twitter cards and the JSON-LD BlogPosting: as the MkDocs build writes them."""
    ours, theirs = post_page(zensical_site), post_page(sample_site.site)
    assert ours.findtext(".//title") == theirs.findtext(".//title")
    keys = [k for k in head_meta(theirs) if k and k.startswith(("og:", "twitter:", "article:", "keywords"))]
    assert {k: head_meta(ours).get(k) for k in keys} == {k: head_meta(theirs)[k] for k in keys}

    def blog_posting(page: lxml.html.HtmlElement) -> dict:
        (script,) = page.xpath("//script[@type='application/ld+json']/text()")
        return json.loads(script)

    assert blog_posting(ours) == blog_posting(theirs)
    assert blog_posting(ours)["datePublished"] == "2026-11-16T08:00:00+08:00"
    home = lxml.html.fromstring((zensical_site / "index.html").read_bytes())
    assert home.findtext(".//title") == "AI 日报"  # the site's name, not the home page's navigation label


def test_post_page_shows_the_telegram_card_and_tags_their_descriptions(zensical_site: Path) -> None:
    page = post_page(zensical_site)
    assert set(page.xpath("//aside[@class='telegram-card']//a/@href")) == {TELEGRAM_TEST_GROUP}
    tags = lxml.html.fromstring((zensical_site / "tags" / "index.html").read_bytes())
    assert tags.xpath("//p[@class='tag-description']")  # the listing fragment's addition renders
    assert not list(zensical_site.rglob("*.py"))


def test_sitemap_dates_the_post(zensical_site: Path, sample_site: SampleRun) -> None:
    ours, theirs = sitemap_lastmod(zensical_site), sitemap_lastmod(sample_site.site)
    post = next(loc for loc in theirs if "/2026/11/16/" in loc)
    assert ours[post] == theirs[post] == "2026-11-16T08:00:00+08:00"
    assert set(ours) == set(theirs)


def test_feeds_are_finished(zensical_site: Path) -> None:
    """RSS 2.0 that parses strictly: names as dc:creator, the channel dated by its newest item, the logo."""
    channel = etree.fromstring((zensical_site / "feed_rss_created.xml").read_bytes(), STRICT_XML).find(
        "channel"
    )
    items = channel.findall("item")
    assert items and all(item.findtext(f"{{{DC}}}creator") for item in items)
    assert not channel.findall(".//author") and channel.find("managingEditor") is None
    newest = max(email.utils.parsedate_to_datetime(item.findtext("pubDate")) for item in items)
    for date in ("pubDate", "lastBuildDate"):
        assert email.utils.parsedate_to_datetime(channel.findtext(date)) == newest
    logo = channel.findtext("image/url")
    assert logo.endswith("/assets/logo.png")
    assert json.loads((zensical_site / "feed_json_created.json").read_bytes())["icon"] == logo
    index = json.loads((zensical_site / "search.json").read_bytes())
    assert not [e for e in index["items"] if re.fullmatch(r"page/\d+/.*", e["location"])]
