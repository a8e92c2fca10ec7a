"""Pure text helpers: sentences, XML-valid lines."""

from __future__ import annotations

import pytest

from generator.text import clean_line, remove_invisible, split_sentences, xml_text

SENTENCES = [
    # URLs: a query's "?" and a path parameter's ";" are not sentence ends.
    (
        "讨论见 https://news.ycombinator.com/item?id=47957294 。下一句。",
        ["讨论见 https://news.ycombinator.com/item?id=47957294 。", "下一句。"],
    ),
    (
        "See https://news.example/item?id=47957294 for more. Next one.",
        ["See https://news.example/item?id=47957294 for more.", "Next one."],
    ),
    (
        "Matrix params https://x.example/p;v=1?q=2 stay whole. Done!",
        ["Matrix params https://x.example/p;v=1?q=2 stay whole.", "Done!"],
    ),
    # Decimals and versions.
    ("融资 3.5 亿元，估值翻倍。下一句。", ["融资 3.5 亿元，估值翻倍。", "下一句。"]),
    ("Version v1.2 is out. It ships today.", ["Version v1.2 is out.", "It ships today."]),
    ("Revenue grew 3.5. Then it fell.", ["Revenue grew 3.5.", "Then it fell."]),
    # Abbreviations and initials.
    (
        "The U.S. Commerce Department said so. Then e.g. OpenAI and Acme Inc. followed.",
        ["The U.S. Commerce Department said so.", "Then e.g. OpenAI and Acme Inc. followed."],
    ),
    (
        "Made by J. Smith with Dr. Wu on Nov. 3. It worked.",
        ["Made by J. Smith with Dr. Wu on Nov. 3.", "It worked."],
    ),
    # Ellipses: a stop only before a new sentence or at the end.
    ("He paused... Then spoke. Wait… what?", ["He paused...", "Then spoke.", "Wait… what?"]),
    ("他说……然后走了。结尾……", ["他说……然后走了。", "结尾……"]),
    # Closing quotes and brackets stay with the sentence they close.
    ('He said "it works." Then left.', ['He said "it works."', "Then left."]),
    ("他说：“好的。”然后离开了。", ["他说：“好的。”", "然后离开了。"]),
    ("（见附录。）下文", ["（见附录。）", "下文"]),
    # Domain names.
    ("xAI (x.ai) launched Grok. Users cheered.", ["xAI (x.ai) launched Grok.", "Users cheered."]),
    # Half-width stops in Chinese text, questions, exclamations, paragraphs.
    ("模型发布了。OpenAI 也跟进了! 真的吗？是的", ["模型发布了。", "OpenAI 也跟进了!", "真的吗？", "是的"]),
    ("Is it real? Yes!\n\nNew paragraph", ["Is it real?", "Yes!", "New paragraph"]),
    ("lowercase after a period. is not a new sentence", ["lowercase after a period. is not a new sentence"]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize(("text", "_"), SENTENCES)
def test_split_sentences_loses_nothing(text: str, _: list[str]) -> None:
    assert "".join(split_sentences(text)).replace(" ", "") == "".join(text.split())


def test_xml_text_and_clean_line_remove_what_xml_forbids() -> None:
    hostile = "a\x00b\x07c\ud800d\ufffee\uffff\U0001fffe\x85f\u202eg\ufdd0h"
    assert xml_text(hostile) == "abcdef\u202egh"
    assert clean_line(hostile) == "abcdefgh"
    assert clean_line("tab\tand\nnew line") == "tab and new line"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quanta\u00adFlow", "QuantaFlow"),  # soft hyphen
        ("星\u200b衡\u200c智\u200d能", "星衡智能"),  # zero-width space, non-joiner, joiner between Han
        ("Aur\u2060ora\u2061-3", "Aurora-3"),  # word joiner, invisible function application
        ("\ufeffBOM first", "BOM first"),
        ("a\u200eb\u200fc\u061cd", "abcd"),  # bidi marks
        ("x\u202ay\u202ez\u202c", "xyz"),  # embeddings and overrides
        ("x\u2066y\u2069z", "xyz"),  # isolates
        ("Hangul\u3164filler\u115f", "Hangulfiller"),
        ("tag\U000e0041s", "tags"),  # a tag character outside a flag
        ("👩\u200d💻 coder", "👩\u200d💻 coder"),  # an emoji ZWJ sequence keeps its joiner
        ("👩🏽\u200d🚀", "👩🏽\u200d🚀"),  # after a skin tone
        ("🏳\ufe0f\u200d🌈", "🏳\ufe0f\u200d🌈"),  # after an emoji presentation selector
        (
            "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
            "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",
        ),
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian needs its non-joiner
        ("葛\U000e0100", "葛\U000e0100"),  # an ideographic variation selector stays
        ("a\u00a0b\u2003c\u202fd\u3000e", "a b c d e"),  # every space separator is one space
    ],
)
def test_invisible_characters_leave_every_line(text: str, expected: str) -> None:
    assert remove_invisible(clean_line(text)) == clean_line(text) == expected
