"""Cited sentences (issue 21 §1, generator.stories.citations): markers read, and a sentence refused for each reason
(no marker, a marker outside its story, a misquote, a figure or a name none of the cited sources gives), with the
conversions that are no invention (70 billion = 700亿 = 七百亿, $300M = 3亿美元, 40% = 四成, Xingheng = 星衡,
Nvidia = 英伟达). Every story here is fictional."""

from __future__ import annotations

from datetime import UTC, datetime

import builders
import pytest

from generator.models import Article, Citation, CitedText, Sentence, Story
from generator.stories import (
    cite_article,
    cited_text,
    facts_problem,
    judge,
    read_sentences,
    sentence_problem,
    strip_markers,
)


def article(n: int, title: str, text: str, source: str = "机器之芯", summary: str = "") -> Article:
    return builders.article(
        title,
        n=n,
        id=f"{n:08x}",
        source=source,
        text=text,
        published=datetime(2026, 11, 15, 10, tzinfo=UTC),
        summary=summary,
    )


CHINESE = article(
    1,
    "澄湖科技发布Lumen-4推理芯片",
    "澄湖科技11月15日发布Lumen-4推理芯片，售价为700亿元的订单已经签下。公司称能效提升四成。"
    "澄湖科技首席执行官顾青岚表示：“我们的芯片在同等功耗下快了一倍。”英伟达尚未回应。",
)
ENGLISH = article(
    2,
    "Chenghu unveils Lumen-4 inference chip",
    "Chenghu Tech unveiled Lumen-4 on Nov. 15. Xinghe Capital led a $300M round. The chip ships in "
    "six weeks. Rival Nvidia declined to comment.",
    source="The Ledger",
)
STORY = Story((CHINESE, ENGLISH))


def verdict(text: str, story: Story = STORY) -> str:
    ((plain, numbers),) = read_sentences(text)
    sentence, reason = judge(plain, numbers, story)
    assert (sentence is None) == bool(reason)
    return reason or "ok"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("能效提升四成[1]。", [("能效提升四成。", (1,))]),
        ("能效提升四成。[1]", [("能效提升四成。", (1,))]),
        ("能效提升四成[1][2]。", [("能效提升四成。", (1, 2))]),
        ("能效提升四成[1, 2]。", [("能效提升四成。", (1, 2))]),
        ("能效提升四成【2】。", [("能效提升四成。", (2,))]),
        ("能效提升四成［2］。", [("能效提升四成。", (2,))]),
        ("第一句[1]。第二句。[2] 第三句。", [("第一句。", (1,)), ("第二句。", (2,)), ("第三句。", ())]),
        (
            "It ships in six weeks [2]. Nvidia declined.[2]",
            [("It ships in six weeks.", (2,)), ("Nvidia declined.", (2,))],
        ),
        ("没有句号的要点[1]", [("没有句号的要点", (1,))]),
        ("一句话。[1][2]", [("一句话。", (1, 2))]),
    ],
)
def test_markers_are_read_with_their_sentence(text: str, expected: list[tuple[str, tuple[int, ...]]]) -> None:
    assert read_sentences(text) == expected


def test_markers_are_stripped_from_texts_that_carry_none() -> None:
    assert (
        strip_markers("澄湖科技发布Lumen-4[1]，能效提升四成 [2]。") == "澄湖科技发布Lumen-4，能效提升四成。"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # valid: what the cited sources give, in either language and either scale
        ("澄湖科技发布Lumen-4推理芯片[1]。", "ok"),
        ("订单金额达七百亿元[1]。", "ok"),
        ("The order is worth 70 billion yuan[1].", "ok"),
        ("能效提升40%[1]。", "ok"),
        ("Xinghe Capital领投3亿美元融资[2]。", "ok"),  # $300M is 3亿美元
        ("星河资本领投3亿美元融资[2]。", "ok"),  # 星河 is Xinghe by its pinyin …
        ("星海资本领投3亿美元融资[2]。", "name"),  # … 星海 is no source's name
        ("澄湖科技获得融资[2]。", "ok"),  # 澄湖 is the pinyin the English source writes (Chenghu)
        ("英伟达尚未回应[2]。", "ok"),  # the English source says Nvidia
        ("Nvidia尚未回应[1]。", "ok"),  # the Chinese source says 英伟达
        ("芯片将在六周后出货[2]。", "ok"),  # six weeks
        ("顾青岚称“我们的芯片在同等功耗下快了一倍”[1]。", "ok"),
        ("顾青岚称“我们的芯片在同等功耗下快了 一倍”[1]。", "ok"),  # spacing aside
        ("澄湖科技11月15日发布新品，2026年起供货[1]。", "ok"),  # dates and years are not figures
        ("这一设计降低了推理成本[1][2]。", "ok"),  # analysis without names or figures
        # refused, by reason
        ("澄湖科技发布了新芯片。", "uncited"),
        ("澄湖科技发布了新芯片[3]。", "outside"),
        ("澄湖科技发布了新芯片[0]。", "outside"),
        ("顾青岚称“这是史上最强的芯片”[1]。", "misquoted"),
        ("顾青岚称“我们的芯片在同等功耗下快了一倍”[2]。", "misquoted"),  # the quote is in [1], not in [2]
        ("公司发布了《推理芯片白皮书》[1]。", "misquoted"),
        ("订单金额达八百亿元[1]。", "number"),
        ("融资3亿美元[1]。", "number"),  # in [2] only
        ("能效提升五成[1]。", "number"),
        ("据紫川资本测算，市场前景广阔[1]。", "name"),
        ("Quasar Dynamics也在研发同类芯片[1]。", "name"),
        ("澄湖科技同时发布了Lumen-5[1]。", "name"),  # another version is another product
        ("谷歌也在研发同类芯片[1]。", "name"),
    ],
)
def test_a_sentence_is_judged_against_the_sources_it_cites(text: str, expected: str) -> None:
    assert verdict(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("显存48GB[1]。", "ok"),
        ("显存96GB[2]。", "ok"),
        ("主频2.1GHz[2]。", "ok"),
        ("Vela-2 runs at 2.1GHz with 96GB[2].", "ok"),
        ("显存48TB[1]。", "name"),  # another unit is no source's
        ("显存48GHz[1]。", "name"),  # GHz is in [2] only
    ],
)
def test_a_unit_glued_to_its_figure_is_found_as_the_sentence_reads_it(text: str, expected: str) -> None:
    """A Latin unit written against its figure ("48GB") is read as a word of the sentence; the source that writes
    it the same way gives it (the bench mornings found every "显存48GB" headline refused)."""
    story = Story(
        (
            article(3, "汐曜科技发布Vela-2加速卡，显存48GB", "汐曜科技发布Vela-2加速卡，显存48GB。"),
            article(
                4, "Xiyao shows Vela-2 card", "The Vela-2 card runs at 2.1GHz with 96GB of HBM.", "The Ledger"
            ),
        )
    )
    assert verdict(text, story) == expected


def test_a_valid_sentence_cites_its_sources_in_the_order_of_the_post() -> None:
    ((plain, numbers),) = read_sentences("Xinghe Capital领投融资[2][1]。")
    sentence, reason = judge(plain, numbers, STORY)
    assert reason == "" and sentence is not None and sentence.model
    assert sentence.cites == (
        Citation(2, ENGLISH.item.url, "The Ledger"),
        Citation(1, CHINESE.item.url, "机器之芯"),
    )


def test_a_source_gives_its_facts_in_its_headline_and_feed_summary_too() -> None:
    paywalled = article(
        3, "Orla raises $45M Series B", "", source="Wire", summary="Orla's CEO Mira Sand said …"
    )
    story = Story((paywalled,))
    assert verdict("Orla完成4500万美元B轮融资[1]。", story) == "ok"
    assert verdict("Orla首席执行官Mira Sand发表声明[1]。", story) == "ok"
    assert facts_problem("Orla完成4500万美元C轮融资", story.articles) == "number"


def test_the_gate_checks_published_sentences() -> None:
    cite = cite_article(STORY, ENGLISH)
    # the figure is in [1], not in the [2] it cites
    assert sentence_problem(Sentence("订单金额达七百亿元。", (cite,), model=True), STORY) == "number"
    assert sentence_problem(Sentence("芯片将在六周后出货。", (cite,), model=True), STORY) == ""
    assert sentence_problem(Sentence("芯片将在六周后出货。", (), model=True), STORY) == "uncited"
    assert (
        sentence_problem(Sentence("澄湖科技发布新芯片。"), STORY) == ""
    )  # ours without a marker: not the model's
    wrong = Citation(2, CHINESE.item.url, "机器之芯")  # number 2 is the English article, not this URL
    assert sentence_problem(Sentence("澄湖科技发布新芯片。", (wrong,)), STORY) == "outside"
    other = Citation(1, "https://elsewhere.example/x", "Elsewhere")
    assert sentence_problem(Sentence("澄湖科技发布新芯片。", (other,), model=True), STORY) == "outside"


def test_text_from_our_records_cites_by_construction() -> None:
    text = cited_text("澄湖科技发布Lumen-4推理芯片。公司称能效提升四成。", STORY, CHINESE)
    assert isinstance(text, CitedText) and str(text) == "澄湖科技发布Lumen-4推理芯片。公司称能效提升四成。"
    assert text.story == STORY.id and len(text.sentences) == 2
    assert all(
        s.cites == (Citation(1, CHINESE.item.url, "机器之芯"),) and not s.model for s in text.sentences
    )
    assert cited_text("Chenghu unveils Lumen-4.", STORY, ENGLISH).sentences[0].cites[0].number == 2
    assert (
        cited_text("标题", STORY).sentences[0].cites[0].url == STORY.primary.item.url
    )  # the primary by default
