"""The English edition's parts (issue 22): the frame of a story told only in Chinese, figures in English, the
gate's language rule, the second site's config (INHERIT) and the config switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import parse_settings
from generator.edition import alternates, edition_config
from generator.editor.english import english_figure, frame, latin_first, latin_names, title_figures
from generator.errors import ConfigError
from generator.models import prefixed_title, title_separator, unprefixed_title
from generator.site import load_site, untranslated_chinese
from generator.site.language import language_problems
from generator.text import has_cjk

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("key", "written", "shown"),
    [
        ("#5e+06", "500万元", "CNY 5 million"),
        ("#3e+08", "3亿美元", "$300 million"),
        ("#500000", "50万", "500,000"),
        ("#1e+11", "千亿", "100 billion"),
        ("%25", "25%", "25%"),
        ("x3", "3倍", "3x"),
        ("round:c", "C轮", "Series C"),
        ("date:2026", "2026年", ""),
    ],
)
def test_a_figure_in_english_notation(key: str, written: str, shown: str) -> None:
    assert english_figure(key, written) == shown


def test_a_version_inside_a_name_is_no_figure() -> None:
    assert title_figures("青岩科技发布“墨线2.5”，支持一分钟视频") == []
    assert title_figures("青岩科技完成2亿元B轮融资") == ["CNY 200 million", "Series B"]


def test_the_frame_says_who_what_figures_and_source_and_quotes_the_title() -> None:
    title = "青岩科技完成2亿元B轮融资"
    headline, line = frame(title, "晨星快讯", ["青岩科技 / Qingyan Tech", "融资"])
    assert headline == "Qingyan Tech raises CNY 200 million"
    assert line == (
        "Reported by 晨星快讯. Figures: CNY 200 million, Series B. "
        "Original title: “青岩科技完成2亿元B轮融资” (in Chinese)."
    )


def test_the_frame_names_the_source_once() -> None:
    """A brief read "A report from 量子前沿. Reported by 量子前沿.": a headline that names the source is not followed
    by the source again."""
    headline, line = frame("潮汐调查：三成工厂试用质检模型", "晨星快讯", [])
    assert headline.startswith("晨星快讯 ") or headline == "A report from 晨星快讯"
    assert line == "Original title: “潮汐调查：三成工厂试用质检模型” (in Chinese)."


@pytest.mark.parametrize(
    ("title", "names", "headline"),
    [
        # a policy: the kind from a policy word (not the 发布 of a release), a topic in English, the source
        ("海州市发布AI算力券新政", ["海州市", "算力"], "晨星快讯 reports a new compute policy"),
        # funding without a Latin name: the figure and a topic (not "funding" twice)
        ("步行者机器人完成A轮融资", ["步行者机器人"], "晨星快讯 reports a Series A robot funding round"),
        # known names of the vocabulary in their Latin spelling, the second one what the event names
        ("谷歌与宇树达成合作", [], "Google partners with Unitree"),
        (
            "青岩科技发布“墨线2.5”",
            ["青岩科技 / Qingyan Tech", "墨线2.5 / Inkline-2.5"],
            "Qingyan Tech releases Inkline-2.5",
        ),
        ("灵犀医疗获批三类证", ["灵犀医疗 / Lingxi Medical"], "Lingxi Medical wins an approval"),
        (
            "开源社区发布一个新数据集",
            ["开源"],
            "晨星快讯 reports a new open source release",
        ),  # "an" before a vowel
        ("某公司宣布裁员", [], "晨星快讯 reports job cuts"),
        ("一场关于未来的圆桌对话", [], "A report from 晨星快讯"),  # no name, event or topic: the source alone
    ],
)
def test_a_frame_says_who_in_latin_or_the_source_and_the_kind_of_event(
    title: str, names: list[str], headline: str
) -> None:
    shown, line = frame(title, "晨星快讯", names)
    assert shown == headline
    assert not has_cjk(shown.replace("晨星快讯", ""))  # no Chinese but the source's name
    assert line.endswith(f"Original title: “{title}” (in Chinese).")


def test_a_name_without_a_latin_spelling_is_no_subject() -> None:
    assert latin_names(["开源", "青岩科技"]) == []
    assert latin_names(["青岩科技 / Qingyan Tech", "谷歌"], "谷歌与青岩科技合作") == [
        "Qingyan Tech",
        "Google",
    ]


def test_names_show_their_latin_spelling_first() -> None:
    assert latin_first(["墨线2 / Inkline-2", "青岩科技"]) == ("Inkline-2 / 墨线2", "青岩科技")


def test_a_story_tag_line_in_english_spells_topics_and_known_names_in_latin() -> None:
    """A topic the vocabulary spells in Latin shows that spelling alone, a known name both (Latin first), a topic
    with no Latin spelling goes, a name without one stays as written (the gate allows names)."""
    shown = latin_first(["开源", "多模态", "谷歌", "青岩科技", "算力", "反事实图片"])
    assert shown == ("open source", "multimodal", "Google / 谷歌", "青岩科技", "compute", "反事实图片")


def test_the_gate_finds_chinese_outside_names_and_quotes() -> None:
    text = "Qingyan Tech raises money. 据悉，这是首轮融资。 Original title: “青岩科技“墨线”完成融资”. Tags: 青岩科技"
    assert untranslated_chinese(text, ["青岩科技"]) == ["据悉", "这是首轮融资"]
    assert untranslated_chinese("Reported by 晨星快讯: «x» 《办法》 「引」", ["晨星快讯"]) == []
    assert language_problems("一二三四五六七", []) == [
        "it has Chinese outside names and quotes (一二三四五六七)"
    ]
    assert language_problems("All English.", []) == []


def test_the_english_site_inherits_the_chinese_one() -> None:
    site = load_site(edition_config(ROOT / "mkdocs.yml", "en"))
    chinese = load_site(ROOT / "mkdocs.yml")
    assert edition_config(ROOT / "mkdocs.yml", "en") == ROOT / "mkdocs.en.yml"
    assert (site.language, site.docs_dir, site.site_dir, site.name) == (
        "en",
        "docs-en",
        "site/en",
        "AI Daily",
    )
    assert site.markdown == chinese.markdown  # the Markdown extensions come from mkdocs.yml
    assert site.url.endswith("/en/") and site.posts_dir == chinese.posts_dir


def test_an_inherited_config_that_is_missing_is_named(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.en.yml").write_text("INHERIT: nowhere.yml\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="nowhere.yml"):
        load_site(tmp_path / "mkdocs.en.yml")


def test_the_edition_is_one_config_line_and_off_by_default() -> None:
    base = {"sources": [{"name": "晨星快讯", "url": "https://example.org/feed.xml"}]}
    assert parse_settings(base).editions == ()
    assert parse_settings({**base, "editions": ["en"]}).editions == ("en",)
    with pytest.raises(ConfigError, match="editions"):
        parse_settings({**base, "editions": ["fr"]})


def test_each_post_links_the_other_editions_only() -> None:
    pages = {"zh": "https://example.org/a/", "en": "https://example.org/en/a/", "xx": ""}
    assert alternates(pages, "zh") == {"en": "https://example.org/en/a/"}
    assert alternates(pages, "en") == {"zh": "https://example.org/a/"}


def test_the_english_site_has_the_chinese_sites_static_files() -> None:
    for name in ("assets/logo.svg", "assets/logo.png", "stylesheets/extra.css", "javascripts/report.js"):
        assert (ROOT / "docs-en" / name).read_bytes() == (ROOT / "docs" / name).read_bytes(), name


@pytest.mark.parametrize(
    ("language", "title"), [("zh", "AI 日报｜海州发布新政"), ("en", "AI Daily | Haizhou sets a policy")]
)
def test_a_title_separates_its_prefix_in_the_way_of_its_language(language: str, title: str) -> None:
    """The English post was titled "AI Daily｜…" with the Chinese full-width bar."""
    prefix, text = title.split(title_separator(language))
    assert prefixed_title(prefix, text, language) == title
    assert unprefixed_title(title, prefix, language) == text
