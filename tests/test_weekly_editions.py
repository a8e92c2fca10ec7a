"""The weekly issue per edition (issue 22): the three sample days generated with `editions: [en]` through the real
CLI, then `weekly`: the English edition gets its own issue under /en/ from its own daily posts of the same week, in
English (post/words_en.py), linking its own daily posts and the same articles; both sites built with the real
`mkdocs build --strict`. An English issue that cannot be written is a warning that costs the Chinese one nothing;
with the edition off the Chinese issue is the golden one (tests/test_golden.py)."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil
from pathlib import Path

import frontmatter
import lxml.html
import pytest
import yaml

from generator.cli import main
from generator.samples.demo import SAMPLE_WEEK, build_site, copy_site, run_sample_days
from generator.site import untranslated_chinese

pytestmark = pytest.mark.slow  # the sample days generated, then built

AFTER = "2026-11-23T08:20:00+08:00"  # the Monday after the sample week
POSTS = Path("blog") / "posts"


@pytest.fixture(scope="module")
def three_days(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three sample days with the English edition on, generated once: the site's folder (its config is
    generator.yml in it)."""
    root = tmp_path_factory.mktemp("weekly-editions")
    copy_site(root / "src", include_posts=False)
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SITE_URL", raising=False)
        patch.delenv("SITE_URL_EN", raising=False)
        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = run_sample_days(root / "src", root, 3, None, False, ("en",))
    assert code == 0, err.getvalue()
    assert len(list((root / "src" / "docs-en" / POSTS).glob("2026-11-1*.md"))) == 3
    return root / "src"


@pytest.fixture
def site(three_days: Path, tmp_path: Path) -> Path:
    shutil.copytree(three_days, tmp_path / "src")
    config = tmp_path / "src" / "generator.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(str(three_days.parent), str(tmp_path)))
    return tmp_path / "src"


def weekly(site: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(
        ["weekly", "--config", str(site / "generator.yml"), "--week", SAMPLE_WEEK, "--now", AFTER, *args]
    )
    out, err = capsys.readouterr()
    return code, out, err


def test_the_english_edition_gets_its_own_issue_in_english(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = weekly(site, capsys)
    assert code == 0, err
    zh_file, en_file = (
        site / "docs" / POSTS / f"{SAMPLE_WEEK}.md",
        site / "docs-en" / POSTS / f"{SAMPLE_WEEK}.md",
    )
    assert out.splitlines() == [str(zh_file), str(en_file)]
    zh, en = frontmatter.load(str(zh_file)), frontmatter.load(str(en_file))
    assert en["title"] == "AI Weekly | week 47 of 2026 (11/16–11/22)" and zh["title"].startswith("每周回顾｜")
    assert en["slug"] == zh["slug"] and en["date"] == zh["date"] and en["categories"] == ["AI Weekly"]
    assert en["description"].startswith("The AI news of week 47, 2026: ")
    assert en["days"] == zh["days"] and en["items_read"] == zh["items_read"]
    # each issue names its twin, as the daily posts do: the sitemaps' hreflang and the header's switch
    zh_url = "https://example.github.io/ai-news-daily/2026/11/22/ai-weekly-2026-w47/"
    assert zh["alternates"] == {"en": zh_url.replace("ai-news-daily/", "ai-news-daily/en/")}
    assert en["alternates"] == {"zh": zh_url}
    assert set(en["sources"]) == set(zh["sources"])  # the same articles
    body = en.content
    for words in ("This week (11/16–11/22): 3 daily posts", "## The week's top stories", "## Day by day"):
        assert words in body
    # its daily posts are the English ones beside it, their stories' anchors those of the English posts
    for target in re.findall(r"\]\((2026-11-1\d\.md)(?:#(s-[0-9a-f]{8}))?\)", body):
        post = site / "docs-en" / POSTS / target[0]
        assert post.is_file() and (not target[1] or f"{{ #{target[1]} }}" in post.read_text(encoding="utf-8"))
    # Chinese only in names: those the English daily posts' records give (tags, names, sources)
    records = [
        r
        for f in (site / "docs-en" / POSTS).glob("2026-11-1*.stories.json")
        for r in json.loads(f.read_text(encoding="utf-8"))["stories"]
    ]
    keys = ("tags", "names", "source_names", "url_sources")
    names = {form for r in records for k in keys for n in r.get(k, []) for form in (n, *n.split(" / "))}
    assert untranslated_chinese(body.replace("\\", ""), names) == []
    cover = site / "docs-en" / "assets" / "covers" / f"{SAMPLE_WEEK}.png"
    assert cover.read_bytes() != (site / "docs" / "assets" / "covers" / f"{SAMPLE_WEEK}.png").read_bytes()

    code, out, err = weekly(site, capsys)  # a re-run: both exist, nothing changes
    assert code == 0 and out == "" and err.count("already exists") == 2

    monkeypatch.setenv("SITE_URL", "https://example.github.io/ai-news-daily/")
    monkeypatch.setenv("SITE_URL_EN", "https://example.github.io/ai-news-daily/en/")
    build_site(site, site.parent / "site")  # both sites, --strict: every relative link of the issue resolves
    html = lxml.html.parse(str(site.parent / "site" / "en" / "2026/11/22/ai-weekly-2026-w47/index.html"))
    assert html.getroot().get("lang") == "en"
    assert html.xpath("string(//article//h1)").startswith("AI Weekly")
    switch = {
        a.get("hreflang"): a.get("href") for a in html.xpath("//a[contains(@class, 'md-select__link')]")
    }
    assert switch == {
        "zh": zh_url,
        "en": en["alternates"]["zh"].replace("ai-news-daily/", "ai-news-daily/en/"),
    }
    sitemap = (site.parent / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f'hreflang="en" href="{zh["alternates"]["en"]}"' in sitemap


def test_an_english_issue_that_cannot_be_written_costs_the_chinese_nothing(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (site / "docs-en" / POSTS / "2026-11-18.md").unlink()  # the English post of a day was not written
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, err = weekly(site, capsys)
    assert code == 0, err
    assert (site / "docs" / POSTS / f"{SAMPLE_WEEK}.md").is_file()
    assert not (site / "docs-en" / POSTS / f"{SAMPLE_WEEK}.md").exists()
    assert "alternates" not in frontmatter.load(str(site / "docs" / POSTS / f"{SAMPLE_WEEK}.md")).metadata
    assert "::warning::the en weekly issue was not written: 2026-W47 has 2 daily post(s)" in out

    code, out, err = weekly(site, capsys, "--if-due")  # the workflow's run: a thin week is a notice
    assert code == 0 and "::notice::the en weekly issue was not written" in out


def test_without_the_edition_there_is_no_english_issue(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = site / "generator.yml"
    config.write_text(re.sub(r"(?m)^editions:\n- en\n", "", config.read_text(encoding="utf-8")))
    assert "editions" not in yaml.safe_load(config.read_text(encoding="utf-8"))
    code, out, err = weekly(site, capsys)
    assert code == 0 and out == f"{site / 'docs' / POSTS / SAMPLE_WEEK}.md\n"
    assert "alternates" not in frontmatter.load(str(site / "docs" / POSTS / f"{SAMPLE_WEEK}.md")).metadata
    assert not (site / "docs-en" / POSTS / f"{SAMPLE_WEEK}.md").exists()
