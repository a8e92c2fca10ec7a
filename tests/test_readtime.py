"""Reading time for Chinese (issue 19, item 7): characters at 400 a minute, other words at Material's 265."""

from __future__ import annotations

import re

import yaml
from conftest import SampleRun

from generator.post import reading_minutes
from generator.post.readtime import CJK_PER_MINUTE, WORDS_PER_MINUTE, reading_seconds

# 20 characters of invented Chinese news text, repeated to any length.
HAN = "星河科技今日发布新款推理芯片能效翻倍提升"


def chinese(characters: int) -> str:
    return (HAN * (characters // len(HAN) + 1))[:characters]


def test_chinese_counts_characters_not_space_separated_words() -> None:
    text = "\n\n".join(chinese(134) for _ in range(10))  # 1,340 characters in ten paragraphs
    assert reading_seconds(text) == 1340 / CJK_PER_MINUTE * 60
    assert reading_minutes(text) == 4  # Material's word count says 1 for this


def test_english_words_at_materials_rate_and_mixed_text_adds_both() -> None:
    english = " ".join(["Quillmark"] * 530)
    assert reading_minutes(english) == 2
    mixed = chinese(400) + " " + " ".join(["Aurora-3"] * WORDS_PER_MINUTE)
    assert reading_seconds(mixed) == 60 + 60


def test_markup_is_not_read() -> None:
    url = "https://example.invalid/" + "a" * 400
    body = (
        "---\ntitle: " + chinese(800) + "\n---\n\n"  # front matter: not read
        f"<!-- more -->\n[{chinese(20)}]({url}){{ data-search-exclude }}\n"
        f'![{chinese(30)}](../../assets/covers/x.png){{ width="1200" height="630" }}\n'
    )
    # 20 characters of link text and one image (12 s, Material's allowance); no URL, attribute or alt text
    assert reading_seconds(body) == 20 / CJK_PER_MINUTE * 60 + 12


def test_the_sample_post_states_its_reading_time(sample_site: SampleRun) -> None:
    text = sample_site.post.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n", 2)[1])
    body = text.split("---\n", 2)[2]
    characters = len(re.findall(r"[\u4e00-\u9fff]", body))
    assert characters > 1500  # the sample day is long enough to tell
    assert meta["readtime"] == reading_minutes(body) >= characters // CJK_PER_MINUTE
