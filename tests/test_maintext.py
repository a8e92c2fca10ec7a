"""The main text: readability first, trafilatura as the arbiter (generator.extract.maintext)."""

from __future__ import annotations

import lxml.html
import pytest

from generator.extract import maintext
from generator.extract.maintext import arbitrate, main_text

ARTICLE = [
    f"Paragraph {n}: Northwind Labs introduced Aurora-{n}, a data-centre accelerator built for inference, "
    f"and said the chip would reach cloud customers in the first quarter with {n * 8} GB of memory."
    for n in range(1, 6)
]


def text(*lines: str) -> str:
    return "\n\n".join(lines)


def test_furniture_readability_kept_around_the_text_goes() -> None:
    furniture = [
        "Photo: Jane Doe, AP",
        "Jane Doe, AP Technology Writer",
        "Northwind raises $1B in new funding round",
    ]
    first = text(furniture[0], ARTICLE[0], furniture[1], *ARTICLE[1:], furniture[2])
    assert arbitrate(first, text(*ARTICLE)) == text(*ARTICLE)


def test_what_readability_skipped_inside_the_article_comes_back() -> None:
    quote = (
        "“We expect the chip to halve the cost of serving a large model,”"
        " the chief executive wrote on social media."
    )
    second = text("Subscribe to our newsletter", *ARTICLE[:2], quote, *ARTICLE[2:], "Comments")
    assert arbitrate(text(*ARTICLE), second) == text(*ARTICLE[:2], quote, *ARTICLE[2:])


def test_short_or_empty_readability_text_gives_way() -> None:
    assert arbitrate("", text(*ARTICLE)) == text(*ARTICLE)
    assert arbitrate("Cookie settings", text(*ARTICLE)) == text(*ARTICLE)
    assert arbitrate(text(*ARTICLE), "") == text(*ARTICLE)


def test_a_teaser_listing_from_readability_gives_way() -> None:
    teasers = [
        f"Share Tweet Pin Download quote number {n}: be kind, be brave, be patient today." for n in range(6)
    ]
    assert arbitrate(text(*teasers), text(*ARTICLE)) == text(*ARTICLE)
    assert arbitrate(text(*ARTICLE), text(*teasers)) == text(*ARTICLE)


def test_when_the_two_disagree_readability_stays_first() -> None:
    half = text(*ARTICLE[:2])  # trafilatura found much less: readability's extra is real text
    assert arbitrate(text(*ARTICLE), half) == text(*ARTICLE)
    other = text("An entirely different text about something else, long enough to count as an article. " * 4)
    assert arbitrate(text(*ARTICLE), other) == text(*ARTICLE)


def page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<html><head><title>Aurora ships</title></head><body><nav>Home | About</nav><article>{body}"
        "</article><footer>© Northwind</footer></body></html>"
    )


def test_ruby_readings_are_not_inlined() -> None:
    body = "".join(
        f"<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby>を学ぶ学生が増えている。{n}</p>"
        for n in range(8)
    )
    found, _ = main_text(page(body))
    assert "漢字を学ぶ学生が増えている。0" in found and "かん" not in found and "(" not in found


def test_readability_failing_leaves_trafilatura_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("readability broke")

    monkeypatch.setattr(maintext, "Document", broken)
    found, main_html = main_text(page("".join(f"<p>{p}</p>" for p in ARTICLE)))
    assert found == text(*ARTICLE) and main_html == ""


def test_trafilatura_failing_leaves_readability_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("trafilatura broke")

    monkeypatch.setattr(maintext.trafilatura, "extract", broken)
    found, _ = main_text(page("".join(f"<p>{p}</p>" for p in ARTICLE)))
    assert found == text(*ARTICLE)


def test_an_empty_page_gives_no_text_and_no_error() -> None:
    assert main_text(lxml.html.document_fromstring("<html></html>")) == ("", "")
