"""Tags that name things (issue 19, item 3): names by how news writes them, never a common word, one form per entity
across languages, a follow-up keeps its thread's tags. Every name here is invented."""

from __future__ import annotations

import pytest

from generator.lang import is_common_word, load_vocabulary, text_names
from generator.lang.entities import english_names, is_title_case
from generator.post import Tagger, post_tags

VOCABULARY = load_vocabulary()


@pytest.mark.parametrize(
    "word",
    [
        "Investors",
        "Preview",
        "Small",
        "Open-source",
        "Study",
        "投资者",
        "开发者",
        "芯片",
        "25",
        "1.0",
        "Series C",
    ],
)
def test_common_words_are_never_names(word: str) -> None:
    assert is_common_word(
        word
    )  # (芯片 and open-source are vocabulary topics: a tag in the vocabulary's form, 开源)


def test_jiebas_word_table_is_read_once_for_many_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Re-reading jieba's dictionary per word cost ~0.6 s a word: a day with 80 Chinese names spent a minute here."""
    import jieba.posseg

    from generator.lang import entities

    entities._jieba_word_tags.cache_clear()
    reads = []
    original = jieba.posseg.dt.load_word_tag
    monkeypatch.setattr(jieba.posseg.dt, "load_word_tag", lambda f: (reads.append(f), original(f))[1])
    words = ["投资人", "研究员", "工程师", "澄屿科技", "溪桥智算", "开发者"]
    assert [is_common_word(word) for word in words] == [True, True, True, False, False, True]
    assert len(reads) <= 1


@pytest.mark.parametrize(
    "name", ["Quillmark-4", "OpenVesper", "QRTX", "Brindle Harbor", "澄屿科技", "英伟达", "Apple"]
)
def test_names_by_their_shape_or_the_vocabulary(name: str) -> None:
    assert not is_common_word(name, VOCABULARY)


def test_english_capitals_count_inside_a_sentence_not_at_its_start() -> None:
    assert english_names("Investors pour money into chips as Brindle Harbor cuts prices.") == [
        "Brindle Harbor"
    ]
    assert english_names("Preview: what to expect from Quillmark-4") == ["Quillmark-4"]
    headline = "Small Models Rival Large Ones On Data Extraction"
    assert is_title_case(headline) and english_names(headline) == []


def test_chinese_names_by_quotes_brands_titles_and_cities() -> None:
    text = "澄屿科技发布新模型“青梧3”；据溪川大学副教授林知远介绍，桐州市已开始试点。多家银行试点智能坐席。"
    assert set(text_names(text, VOCABULARY)) == {"澄屿科技", "青梧3", "溪川大学", "林知远", "桐州市"}


def test_one_form_per_entity_across_languages_and_the_thread_kept() -> None:
    tagger = Tagger(VOCABULARY, "zh")
    texts = [
        ("澄屿科技开源大模型“青梧3”", "澄屿科技今日开源“青梧3”（Qingwu-3），参数规模千亿。"),
        ("Chengyu open-sources Qingwu-3", "The lab Chengyu released Qingwu-3 under an open licence."),
    ]
    tags, others = tagger.tag_story(texts)
    assert set(tags[:2]) == {"澄屿科技", "青梧3"} and "Qingwu-3" not in tags and "开源" in tags
    assert others["青梧3"] == ("Qingwu-3",)
    names = [" / ".join((t, *others.get(t, ()))) for t in tags]  # as the thread's record keeps them
    follow_up = tagger.story_tags([("Qingwu-3 passes a million downloads", "")], inherited=names)
    assert follow_up[: len(tags)] == tags and "Qingwu-3" not in follow_up


def test_the_post_takes_each_storys_best_tag_first() -> None:
    stories = [("甲公司", "乙模型", "芯片"), ("丙大学",), ("丁市", "戊产品")]
    assert post_tags(stories, ("AI",), limit=4) == ("AI", "甲公司", "丙大学", "丁市", "乙模型")


@pytest.mark.parametrize(
    ("headline", "names"),
    [
        # a name before a generic word of the trade was lost with it ("Xingheng AI" gave only "AI")
        ("Quillmark AI opens its 40B model to researchers", ["Quillmark"]),
        ("Orla GPU cloud goes live in two regions", ["Orla"]),
        # a short headline in sentence case whose capitals are its names is no title case
        ("Brindle Harbor unveils QRTX-9 chip", ["Brindle Harbor", "QRTX-9"]),
        ("Fenwick Robotics raises $30M from two funds", ["Fenwick Robotics"]),
        # in title case the capitals say nothing: only names by their shape
        ("Kestrel Ships Warehouse Robots to Grocers", []),
    ],
)
def test_names_of_an_english_headline(headline: str, names: list[str]) -> None:
    assert english_names(headline) == names
