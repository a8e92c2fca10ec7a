"""Lines around an article's text that are not the article (generator.extract.boilerplate)."""

from __future__ import annotations

import pytest

from generator.extract.boilerplate import clean_lines, is_meta_line, strip_credits

BODY = [
    "星衡智能今天发布了新一代开源大模型，参数规模达到千亿级别，推理速度显著提升。",
    "The company says inference is 60% cheaper than its predecessor, and the weights are free to download.",
]


def text(*lines: str) -> str:
    return "\n\n".join(lines)


@pytest.mark.parametrize(
    "line",
    [
        "By Staff Writer · 2026-11-25 06:00",
        "By Jane Doe and John Roe",
        "作者：王书岚 2026-11-25 06:00",
        "作者：王书岚 2026年11月25日 18:00 来源：机器之芯",
        "来源：机器之芯 发布时间：2026-11-25 06:00",
        "【来源：量子前沿】",
        "Published 3 hours ago",
        "Updated",
        "5 min read",
        "Nov. 20, 2019 6:02 AM EST",
        "5:27 am CST, Wednesday, November 20, 2019",
        "2026-11-25 06:00",
        "2026年11月25日 08:00",
        "3小时前",
        "Last updated on 25 November 2026 at 06:00 UTC",
    ],
)
def test_leading_byline_and_time_lines_go(line: str) -> None:
    assert is_meta_line(line)
    assert clean_lines(text(line, *BODY)) == text(*BODY)


@pytest.mark.parametrize(
    "line",
    [
        "By 2030, most inference will run on phones, the company said.",
        "By contrast, the older model needed twice the memory for the same context length and batch size.",
        "2026年，星衡智能的营收增长了三倍。",
        "Published research shows the method works on models of every size.",
        "Now the company plans to open its weights to everyone.",
    ],
)
def test_leading_sentences_that_only_look_like_bylines_stay(line: str) -> None:
    assert not is_meta_line(line)
    assert clean_lines(text(line, *BODY)) == text(line, *BODY)


@pytest.mark.parametrize(
    "heading",
    [
        "星衡智能开源千亿参数大模型“星织2”",  # the feed title itself
        "星衡智能开源千亿参数大模型 星织2",  # punctuation and spacing
        "星衡智能开源千亿参数大模型“星织2” - 机器之芯",  # a site name after it
        "星衡智能开源千亿参数大模型“星织-2”发布",  # small edits
        "Starweave 2: Xingheng open-sources a 100B model | Northwind",
    ],
)
def test_leading_headline_close_to_a_known_title_goes(heading: str) -> None:
    titles = ["星衡智能开源千亿参数大模型“星织2”", "Starweave 2 — Xingheng open-sources a 100B model"]
    assert clean_lines(text(heading, "作者：李青禾 2026-11-15 10:30", *BODY), titles) == text(*BODY)


def test_a_different_first_paragraph_is_not_a_title() -> None:
    first = "星衡智能今天在北京举行发布会，宣布开源千亿参数大模型。"
    assert clean_lines(text(first, *BODY), ["星衡智能开源千亿参数大模型“星织2”"]) == text(first, *BODY)


def test_headline_lines_only_go_at_the_head() -> None:
    title = "星衡智能开源千亿参数大模型“星织2”"
    assert clean_lines(text(*BODY, title, *BODY), [title]) == text(*BODY, title, *BODY)


@pytest.mark.parametrize(
    "tail",
    [
        ["分享到：微信 微博 复制链接"],
        ["标签：大模型 开源", "分享到：微信 微博"],
        ["© 2026 Northwind Media. All rights reserved."],
        ["Copyright 2026 Northwind"],
        ["版权所有 © 量子前沿", "未经授权不得转载"],
        ["责任编辑：张三"],
        ["Share this article"],
        ["Related articles", "Aurora-3 ships to cloud customers", "Northwind raises $1B"],
        ["相关阅读", "星衡智能发布星织1", "芯屿科技完成融资"],
    ],
)
def test_trailing_share_copyright_and_related_lines_go(tail: list[str]) -> None:
    assert clean_lines(text(*BODY, *tail)) == text(*BODY)


def test_a_related_heading_followed_by_paragraphs_is_kept() -> None:
    long = ("This paragraph continues the article after a heading that happens to say related. " * 3).strip()
    assert clean_lines(text(*BODY, "Related", long)) == text(*BODY, "Related", long)


@pytest.mark.parametrize(
    "line",
    [
        "Advertisement",
        "ADVERTISEMENT",
        "广告",
        "Photo: Jane Doe, AP",
        "(Image: Jane Doe / Getty Images)",
        "图片来源：视觉中国",
    ],
)
def test_furniture_and_credit_lines_go_anywhere(line: str) -> None:
    assert clean_lines(text(BODY[0], line, BODY[1])) == text(*BODY)


def test_a_sentence_about_photos_stays() -> None:
    line = "Photos by the team show the robot picking parcels at twice the speed of a human worker in the warehouse."
    assert clean_lines(text(BODY[0], line, BODY[1])) == text(BODY[0], line, BODY[1])


# ---- credits glued to the story's paragraphs (issue 18, kind 6) ---------------------------------------------------

STORY_ZH = "星衡智能今天发布新一代开源大模型，预计明年上线。"
STORY_EN = "Northwind Labs released its Aurora-3 chip on Tuesday, the company said."


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (f"本报北京11月15日电（记者 林晓）{STORY_ZH}", STORY_ZH),
        (f"海川网上海11月15日电（记者 王书岚 通讯员 赵一舟） {STORY_ZH}", STORY_ZH),
        (f"云杉社十一月十五日电 {STORY_ZH}", STORY_ZH),
        (f"本报讯（记者 林晓）{STORY_ZH}", STORY_ZH),
        (f"（记者 林晓 通讯员 赵一舟）{STORY_ZH}", STORY_ZH),
        (f"(实习记者 林晓) {STORY_ZH}", STORY_ZH),
        (f"本报记者 林晓 报道 {STORY_ZH}", STORY_ZH),
        (f"海川网消息，{STORY_ZH}", STORY_ZH),
        (f"来源：海川日报 {STORY_ZH}", STORY_ZH),
        (f"【作者：林晓】 {STORY_ZH}", STORY_ZH),
        (f"{STORY_ZH}（责编：李青禾）", STORY_ZH),
        (f"{STORY_ZH}（编辑 王书岚 审核 赵一舟）", STORY_ZH),
        (f"{STORY_ZH}责任编辑：李青禾", STORY_ZH),
        (f"{STORY_ZH} 来源：海川日报", STORY_ZH),
        ("星衡智能今天发布新一代开源大模型（图片来源：云杉图库），预计明年上线。", STORY_ZH),
        ("星衡智能今天发布新一代开源大模型（图／林晓），预计明年上线。", STORY_ZH),
        (f"SAN FRANCISCO (Northwire) — {STORY_EN}", STORY_EN),
        (f"LONDON, Nov 15 (Fictional Wire) - {STORY_EN}", STORY_EN),
        (f"NEW YORK — {STORY_EN}", STORY_EN),
        (f"By Mira Castell | {STORY_EN}", STORY_EN),
        (f"By Mira Castell and Tom Vale, Staff Writers · {STORY_EN}", STORY_EN),
        (f"{STORY_EN} (Reporting by Mira Castell; Editing by Tom Vale)", STORY_EN),
        (
            "Northwind Labs released its Aurora-3 chip on Tuesday (Photo: Jane Roe / Fictional Images), the "
            "company said.",
            STORY_EN,
        ),
        (f"{STORY_EN} [Image credit: Northwind Labs]", STORY_EN),
        ("（记者 林晓）", ""),
    ],
)
def test_credits_glued_to_a_paragraph_come_off(paragraph: str, expected: str) -> None:
    assert strip_credits(paragraph) == expected
    assert clean_lines(text(BODY[0], paragraph)) == text(*(p for p in (BODY[0], expected) if p))


@pytest.mark.parametrize(
    "paragraph",
    [
        "记者近日走访发现，已有多家银行试点大模型智能坐席。",
        "记者了解到，部分学校的课程名额在开放选课后几分钟内即被抢空。",
        "据海川日报报道，星衡智能今天发布新一代开源大模型。",
        "星衡（Xingheng）发布新模型，作者（左）与团队合影。",
        "编辑器插件同步上线，开发者可以免费试用。",
        "By 2030, most inference will run on phones, the company said.",
        "AI — the field moves fast, the company said.",
        "GPU — prices fell by a fifth this quarter.",
        "Photographers say the new sensor changes everything.",
        "The images (shown at the event) were generated in seconds.",
    ],
)
def test_sentences_that_only_mention_a_reporter_or_a_photo_stay(paragraph: str) -> None:
    assert strip_credits(paragraph) == paragraph
