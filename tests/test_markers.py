"""Cited sentences in the post (issue 21 §1): their markers rendered as small, accessible links to the sources of
their story (generator.post.markers), in every filter that shows a text, and the gate that refuses a post whose
model sentence has no marker, a marker outside its story, or what its sources do not say. Fictional stories."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import builders
import lxml.html
import pytest
from markupsafe import Markup

from generator.errors import GateError
from generator.models import Article, Citation, CitedText, Post, Sentence, Story
from generator.post.markers import cited_markdown, marker
from generator.post.render import emphasize, paragraphs
from generator.site.publish import check_gate, render_html

DAY = date(2026, 11, 16)


def article(n: int, title: str, text: str, source: str) -> Article:
    return builders.article(
        title,
        n=n,
        id=f"{n:08x}",
        source=source,
        text=text,
        extracted=True,
        published=datetime(2026, 11, 15, tzinfo=UTC),
    )


FIRST = article(1, "澄湖科技发布Lumen-4推理芯片", "澄湖科技发布Lumen-4推理芯片，能效提升四成。", "机器之芯")
SECOND = article(2, "Chenghu ships Lumen-4", "Chenghu ships Lumen-4 in six weeks.", 'The "Ledger"')
STORY = Story((FIRST, SECOND))
ONE, TWO = Citation(1, FIRST.item.url, "机器之芯"), Citation(2, SECOND.item.url, 'The "Ledger"')


def html_of(markdown: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(render_html(markdown), create_parent="div")


def test_a_marker_is_a_small_accessible_link_kept_out_of_search() -> None:
    text = CitedText([Sentence("澄湖科技发布Lumen-4*推理*芯片。", (ONE, TWO), model=True)], STORY.id)
    root = html_of(f"- {cited_markdown(text)}")
    (item,) = root.iter("li")
    assert (
        item.text_content() == "澄湖科技发布Lumen-4*推理*芯片。[1][2]"
    )  # the text inert, the markers after it
    first, second = item.cssselect("a.cite")
    assert (first.get("href"), first.text_content()) == (FIRST.item.url, "[1]")
    assert first.get("aria-label") == "[1] 来源：机器之芯"  # starts with its visible text (label in name)
    assert second.get("aria-label") == "[2] 来源：The Ledger"  # a quote cannot end the attribute
    assert first.get("data-search-exclude") is not None


def test_every_model_sentence_shows_its_markers_an_extract_once() -> None:
    model = CitedText(
        [Sentence("第一句。", (ONE,), model=True), Sentence("第二句。", (ONE,), model=True)], STORY.id
    )
    ours = CitedText(
        [Sentence("第一句。", (ONE,)), Sentence("第二句。", (ONE,)), Sentence("第三句。", (TWO,))], STORY.id
    )
    assert html_of(cited_markdown(model)).text_content() == "第一句。[1]第二句。[1]"
    assert html_of(cited_markdown(ours)).text_content() == "第一句。第二句。[1]第三句。[2]"
    english = CitedText(
        [Sentence("It ships.", (TWO,), model=True), Sentence("It sells.", (TWO,), model=True)], "x"
    )
    assert html_of(cited_markdown(english)).text_content() == "It ships.[2] It sells.[2]"


def test_a_marker_to_a_url_no_post_may_link_to_is_left_out() -> None:
    assert marker(Citation(1, "javascript:alert(1)", "x")) == ""


def test_the_layouts_filters_keep_the_markers() -> None:
    text = CitedText([Sentence("澄湖科技发布Lumen-4推理芯片", (ONE,), model=True)], STORY.id)
    shown = emphasize(text, ["Lumen-4"])
    assert (
        isinstance(shown, Markup)
        and "**Lumen\\-4**" in shown
        and "[\\[1\\]](https://news.example/1)" in shown
    )
    (paragraph,) = paragraphs([text, "没有来源的一行"], 1)
    assert html_of(paragraph).text_content() == "澄湖科技发布Lumen-4推理芯片。[1]没有来源的一行。"


@pytest.mark.parametrize("shown_by", ["emphasize", "paragraphs"])
def test_a_second_sentence_leaves_the_first_ones_markers_intact(shown_by: str) -> None:
    """The filters return Markup; adding it to the Markdown already built must not escape the markers before it
    (str + Markup escapes the str), whatever filter shows the text and however many sentences it has."""
    text = CitedText(
        [
            Sentence("澄湖科技发布Lumen-4。", (ONE,), model=True),
            Sentence("它能效提升四成。", (TWO,), model=True),
        ],
        STORY.id,
    )
    shown = emphasize(text, ["Lumen-4"]) if shown_by == "emphasize" else paragraphs([text], 1)[0]
    root = html_of(str(shown))
    assert [a.get("aria-label") for a in root.cssselect("a.cite")] == [
        "[1] 来源：机器之芯",
        "[2] 来源：The Ledger",
    ]
    assert "&#34;" not in shown and root.text_content() == "澄湖科技发布Lumen-4。[1]它能效提升四成。[2]"


def make_post(cited: tuple[CitedText, ...]) -> Post:
    return builders.post(day=DAY, cited=cited, sources=[FIRST.item.url], editor="gemini")


def gate(cited: tuple[CitedText, ...]) -> None:
    check_gate(
        make_post(cited),
        stories=[STORY],
        min_stories=3,
        allowed_links=set(),
        allowed_images=set(),
        authors={"ainews"},
    )


GOOD = Sentence("澄湖科技的芯片能效提升四成。", (ONE,), model=True)


@pytest.mark.parametrize(
    ("sentence", "story", "words"),
    [
        (replace(GOOD, cites=()), STORY.id, "has no marker"),
        (replace(GOOD, cites=(Citation(3, "https://news.example/3", "x"),)), STORY.id, "outside its story"),
        (replace(GOOD, cites=(Citation(1, SECOND.item.url, "x"),)), STORY.id, "outside its story"),
        (replace(GOOD, text="澄湖科技的芯片能效提升五成。"), STORY.id, "gives a figure"),
        (replace(GOOD, text="紫川资本认为澄湖科技前景广阔。"), STORY.id, "gives a name"),
        (replace(GOOD, text="澄湖科技称“史上最强”。"), STORY.id, "quotes what its sources do not say"),
        (replace(GOOD, cites=(TWO,)), STORY.id, "gives a figure"),  # 四成 is in [1], not in [2]
        (GOOD, "0badf00d", "a story the post does not tell"),
    ],
)
def test_the_gate_refuses_a_sentence_its_citations_do_not_back(
    sentence: Sentence, story: str, words: str
) -> None:
    with pytest.raises(GateError, match=words):
        gate((CitedText([sentence], story),))


def test_the_gate_passes_cited_sentences_and_ours() -> None:
    ours = Sentence("澄湖科技发布Lumen-4推理芯片。")  # from our records: may cite nothing
    gate((CitedText([GOOD, ours, replace(GOOD, text="Lumen-4六周后出货。", cites=(TWO,))], STORY.id),))
