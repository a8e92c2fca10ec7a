"""text.truncate: cuts at a sentence, clause, phrase or word boundary, never inside a word; display widths."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.text import display_width, fit_clauses, fit_sentences, fit_width, join_whole, truncate

HEADLINES = "；".join(
    (
        "海州市发布AI算力券新政 单家企业最高补贴500万元",
        "星衡智能开源千亿参数大模型“星织2”",
        "Northwind Labs unveils Aurora-3 inference chip",
        "Lumenary Robotics raises $300M Series C to scale humanoid robots",
        "芯屿科技发布新一代AI训练芯片“屿算X2”",
        "大模型客服落地调查：多家银行试点智能坐席",
    )
)
ZH_SENTENCES = (
    "星衡智能今天开源了千亿参数大模型星织2。"
    "此次开源包括基础模型和指令微调模型。"
    "开发者可以免费用于研究和商业用途，但需要遵守许可协议。"
)
EN_SENTENCES = (
    "Northwind Labs introduced Aurora-3 on Sunday. The chip runs large language models. "
    "Shipments start next quarter, with volume production later in the year."
)

CASES = [
    # (text, limit, expected)
    ("不用截断", 10, "不用截断"),
    ("  spaces around  ", 20, "spaces around"),
    # The description: cut at the "；" between headlines, never mid-headline ("芯屿科技发布新…").
    (
        HEADLINES,
        160,
        "海州市发布AI算力券新政 单家企业最高补贴500万元；星衡智能开源千亿参数大模型“星织2”；"
        "Northwind Labs unveils Aurora-3 inference chip；"
        "Lumenary Robotics raises $300M Series C to scale humanoid robots…",
    ),
    (HEADLINES, 60, "海州市发布AI算力券新政 单家企业最高补贴500万元；星衡智能开源千亿参数大模型“星织2”…"),
    # Sentences: the last whole sentence that keeps most of the room.
    (ZH_SENTENCES, 45, "星衡智能今天开源了千亿参数大模型星织2。此次开源包括基础模型和指令微调模型…"),
    (EN_SENTENCES, 100, "Northwind Labs introduced Aurora-3 on Sunday. The chip runs large language models…"),
    # No sentence end in reach: a phrase mark (，、 or a latin comma before a space).
    (
        "开发者可以免费用于研究和商业用途，但需要遵守许可协议和相关规定",
        24,
        "开发者可以免费用于研究和商业用途…",
    ),
    (
        "Shipments start next quarter, with volume production later in the year",
        40,
        "Shipments start next quarter…",
    ),
    # A phrase mark too early (it would keep under 60% of the room): a word boundary instead.
    ("芯屿，科技发布新一代AI训练芯片和配套的软件栈", 14, "芯屿，科技发布新一代AI…"),
    # Words: never inside a latin word, nor inside a jieba word in Chinese text.
    (
        "Northwind Labs unveils Aurora-3 inference chip for data centres",
        40,
        "Northwind Labs unveils Aurora-3…",
    ),
    ("The Aurora-3 accelerator", 12, "The…"),
    ("芯屿科技发布新一代训练芯片", 9, "芯屿科技发布…"),
    ("云杉科技推出端侧推理框架Aurora-3给手机用", 17, "云杉科技推出端侧推理框架…"),
    ("升级到v1.2版本以后速度大幅提升", 7, "升级到…"),
    # One endless word: cut at the limit.
    ("x" * 50, 10, "x" * 9 + "…"),
    # A limit no longer than the ellipsis.
    ("abcdef", 1, "a"),
]


@pytest.mark.parametrize(("text", "limit", "expected"), CASES)
def test_truncate(text: str, limit: int, expected: str) -> None:
    assert truncate(text, limit) == expected
    assert len(truncate(text, limit)) <= limit


def test_truncate_keeps_its_ellipsis_argument() -> None:
    assert (
        truncate("Northwind Labs unveils Aurora-3 inference chip", 30, ellipsis="...")
        == "Northwind Labs unveils..."
    )


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab 1.-，。；、,;星织模型芯片“”")), min_size=0, max_size=80),
    st.integers(min_value=2, max_value=60),
)
def test_truncate_is_a_prefix_within_the_limit(text: str, limit: int) -> None:
    cut = truncate(text, limit)
    assert len(cut) <= limit
    if cut != text.strip():
        assert cut.endswith("…") and text.strip().startswith(cut.removesuffix("…"))


@pytest.mark.parametrize(
    ("text", "width"),
    [("AI 日报", 7), ("星织2", 5), ("“星织2”", 7), ("Ａ１", 4), ("", 0)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_fit_width() -> None:
    assert fit_width("AI 日报｜星织", 9) == 6  # "AI 日报" is 7 columns, "｜" two more
    assert fit_width("AI 日报｜星织", 8) == 5
    assert fit_width("abc", 10) == 3


# --- whole pieces: what reader-facing text is fitted with (issue 19 §2) ------------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        (ZH_SENTENCES, 200, ZH_SENTENCES),
        (ZH_SENTENCES, 45, "星衡智能今天开源了千亿参数大模型星织2。此次开源包括基础模型和指令微调模型。"),
        (
            EN_SENTENCES,
            100,
            "Northwind Labs introduced Aurora-3 on Sunday. The chip runs large language models.",
        ),
        (ZH_SENTENCES, 10, ""),  # the first sentence alone is longer: nothing, never a cut sentence
    ],
)
def test_fit_sentences(text: str, limit: int, expected: str) -> None:
    assert fit_sentences(text, limit) == expected


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        (
            "星衡智能开源千亿参数大模型“星织2”，支持128K上下文",
            40,
            "星衡智能开源千亿参数大模型“星织2”，支持128K上下文",
        ),
        ("星衡智能开源千亿参数大模型“星织2”，支持128K上下文", 20, "星衡智能开源千亿参数大模型“星织2”"),
        ("Paper: load-aware sparse routing cuts cost", 10, "Paper"),
        ("星衡智能开源千亿参数大模型“星织2”，支持128K上下文", 10, ""),
    ],
)
def test_fit_clauses(text: str, limit: int, expected: str) -> None:
    assert fit_clauses(text, limit) == expected


def test_join_whole_skips_what_does_not_fit() -> None:
    assert join_whole(["甲乙丙", "丁" * 20, "戊己"], 10) == "甲乙丙；戊己"
    assert join_whole([], 10) == ""


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab 1.-，。；、,;星织模型芯片“”")), min_size=0, max_size=80),
    st.integers(min_value=2, max_value=60),
)
def test_whole_pieces_are_heads_without_an_ellipsis(text: str, limit: int) -> None:
    for fitted in (fit_sentences(text, limit), fit_clauses(text, limit)):
        assert len(fitted) <= limit and "…" not in fitted.removeprefix(text[: len(fitted)])
        assert text.strip().startswith(fitted)
