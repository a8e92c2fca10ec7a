"""Cited sentences on the sample day (issue 21 §1), through the `generate` CLI with the real google-genai client and
the fake Gemini, then `mkdocs build --strict`:

- the tame model: every sentence it wrote in 今日摘要, the paragraphs, 深度解读 and 影响 carries a marker that links
  to a source of its own story (one of the links of the story's 来源 line), and the run summary counts no refusal;
- the hostile model: what it invents (fake_gemini_modes.INVENTED: a figure, names, a quote, a sentence without a
  marker, a marker outside the story, an English sentence) is not published, and the run summary counts it by
  reason, in its `llm` record, its degradations and on the 信源状态 page; its one-liners that end with an English
  sentence (issue 22) are replaced by the offline editor's and counted;
- the offline editor: its sentences cite by construction, and pass the same checks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import lxml.html
import pytest
from fake_gemini import FakeGemini, serve_fake_gemini
from fake_gemini_modes import (
    INVENTED,
    INVENTED_BULLET,
    INVENTED_IMPACT,
    INVENTED_SUMMARY,
    UNTRANSLATED,
    hostile,
)

from generator.cli import main
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config
from generator.stories import strip_markers

pytestmark = pytest.mark.slow  # three builds of the site

DAY = SAMPLE_DATE.isoformat()
REASONS = ("uncited", "outside", "misquoted", "number", "name", "english")


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as server:
        yield server


@pytest.fixture
def config(sample_server: str, tmp_path: Path) -> Path:
    copy_site(tmp_path / "src", include_posts=False)
    return write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache")


def generate(config: Path) -> tuple[frontmatter.Post, dict]:
    assert main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW]) == 0
    text = (config.parent / "docs" / "blog" / "posts" / f"{DAY}.md").read_text(encoding="utf-8")
    (found,) = (config.parent.parent / "cache" / "runs").glob(f"{DAY}-*.json")
    return frontmatter.loads(text), json.loads(found.read_text(encoding="utf-8"))


def built_page(config: Path, site: Path) -> lxml.html.HtmlElement:
    build_site(config.parent, site)  # mkdocs build --strict
    (page,) = site.rglob(f"{DAY.replace('-', '/')}/*/index.html")
    return lxml.html.fromstring(page.read_text(encoding="utf-8"))


def cited_blocks(page: lxml.html.HtmlElement) -> list[tuple[str, lxml.html.HtmlElement, set[str]]]:
    """(where, element, the hrefs of its story's 来源 line) of each 今日摘要 bullet, story paragraph and 深度解读 / 影响
    bullet of the built post (the insight layout: a story is an h3 up to the next heading)."""
    article = page.cssselect("article.md-content__inner")[0]
    summary = next(p for p in article.iter("p") if p.text_content().strip() == "今日摘要")
    blocks = [("今日摘要", li, set()) for li in summary.getnext().iter("li")]
    for heading in article.cssselect("h3[id^=s-]"):
        parts: list[lxml.html.HtmlElement] = []
        node = heading.getnext()
        while node is not None and node.tag not in ("h2", "h3", "hr"):
            parts.append(node)
            node = node.getnext()
        sources = next(p for p in parts if p.text_content().startswith("来源："))
        hrefs = {a.get("href") for a in sources.iter("a")}
        if "后续" in parts[0].text_content()[:4]:
            continue  # a follow-up: its sentence is checked apart (none on the sample day)
        blocks.append(("paragraph", parts[0], hrefs))
        for ul in (p for p in parts if p.tag == "ul"):
            blocks += [("bullet", li, hrefs) for li in ul.iter("li")]
    return blocks


def test_every_sentence_of_the_tame_model_cites_its_own_story(
    fake: FakeGemini, config: Path, tmp_path: Path
) -> None:
    post, report = generate(config)
    llm = report["llm"]
    assert llm["model_sentences"] == llm["cited_sentences"] > 30 and llm["refused_sentences"] == 0
    assert llm["english_fields"] == 0  # its Chinese holds names in Latin letters, never an English sentence
    assert not any("refused" in d["message"] for d in report["degradations"])
    page = built_page(config, tmp_path / "site")
    blocks = cited_blocks(page)
    assert sum(1 for where, *_ in blocks if where == "bullet") >= 16  # 8 write-ups × 2 insights, and impacts
    for where, element, hrefs in blocks:
        markers = element.cssselect("a.cite")
        assert markers, (where, element.text_content())
        assert element.text_content().rstrip().endswith("]"), element.text_content()  # after the sentence
        for marker in markers:
            assert re.fullmatch(r"\[\d\]", marker.text_content())
            assert marker.get("aria-label").startswith(f"{marker.text_content()} 来源：")
            assert marker.get("data-search-exclude") is not None
            if hrefs:  # its own story's source, the one its number names in the 来源 line
                assert marker.get("href") in hrefs
    assert all(s in post["sources"] for s in {m.get("href") for m in page.cssselect("a.cite")})


def test_what_the_hostile_model_invents_is_refused_and_counted(
    fake: FakeGemini, config: Path, tmp_path: Path
) -> None:
    fake.respond_with(hostile())
    post, report = generate(config)
    llm = report["llm"]
    refused = {reason: llm[f"refused_{reason}"] for reason in REASONS}
    assert all(refused.values()), refused  # every kind of invention was met …
    assert llm["refused_sentences"] == sum(refused.values()) and llm["cited_sentences"] > 0
    # … on each of the 8 write-ups: a figure, names, no marker, a marker outside, a misquote
    assert refused["uncited"] >= 8 and refused["outside"] == 8 and refused["misquoted"] == 8
    assert refused["number"] >= 8 and refused["name"] >= 16 and refused["english"] == 8
    (said,) = [
        d["message"] for d in report["degradations"] if "sentences of the model refused" in d["message"]
    ]
    assert f"{llm['refused_sentences']} of {llm['model_sentences']} sentences" in said
    invented = [*INVENTED.values(), INVENTED_IMPACT[1], INVENTED_SUMMARY[1], INVENTED_BULLET[1]]
    for sentence in invented:  # not published, not even a piece of it
        words = strip_markers(sentence).rstrip("。")
        assert words[4:12] not in post.content, words
    assert "8 written in English in the Chinese post" in said
    # the one-liners that end in English: not shown, counted as texts in English
    assert UNTRANSLATED[3:20] not in post.content and llm["english_fields"] >= 5
    (failed,) = [d["message"] for d in report["degradations"] if "texts of the model failed" in d["message"]]
    assert f"{llm['english_fields']} of them in English" in failed
    status = (config.parent / "docs" / "status.md").read_text(encoding="utf-8")
    assert f"{llm['refused_sentences']} of {llm['model_sentences']} sentences of the model refused" in status
    page = built_page(config, tmp_path / "site")
    for where, element, hrefs in cited_blocks(page):
        markers = element.cssselect("a.cite")
        assert markers and all(m.get("href") in hrefs for m in markers if hrefs), (
            where,
            element.text_content(),
        )


def test_the_offline_editors_sentences_cite_by_construction(config: Path, tmp_path: Path) -> None:
    post, report = generate(config)
    assert post["editor"] == "offline" and "llm" in report
    page = built_page(config, tmp_path / "site")
    blocks = cited_blocks(page)
    assert len(blocks) >= 3 + 8  # the bullets and the eight paragraphs
    for where, element, hrefs in blocks:
        markers = element.cssselect("a.cite")
        assert markers, (where, element.text_content())
        assert all(m.get("href") in hrefs for m in markers if hrefs)
