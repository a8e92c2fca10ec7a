from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config import DEFAULT_CONFIG, load_settings, parse_settings
from generator.errors import ConfigError
from generator.site.layout import load_site

MINIMAL = {"sources": [{"name": "A", "url": "https://example.com/feed.xml"}]}


def test_default_config_is_valid() -> None:
    settings = load_settings(DEFAULT_CONFIG)
    assert settings.timezone == "Asia/Shanghai"
    assert all(s.url.startswith("https://") for s in settings.sources)


def test_default_sources_enable_twelve_chinese_feeds_with_unique_names() -> None:
    """Issue 11: a Chinese blog ships at least 12 enabled Chinese sources; every enabled one is fetchable."""
    settings = load_settings(DEFAULT_CONFIG)
    active = settings.active_sources
    chinese = [s for s in active if s.language == "zh"]
    assert len(chinese) >= 12, [s.name for s in chinese]
    assert all(re.match(r"https?://[^\s/]+/", s.url) for s in active)
    names = [s.name for s in settings.sources]
    assert len(names) == len(set(names))
    # Chinese sources are Beijing-time, region cn; general tech media are marked so a filter can be stricter.
    assert {(s.region, s.timezone) for s in chinese} == {("cn", "Asia/Shanghai")}
    assert {s.topic for s in chinese} == {"ai", "general"}
    assert {s.name for s in chinese if s.topic == "general"} >= {"IT之家", "少数派", "爱范儿"}


def test_source_topic_defaults_to_ai_and_is_checked() -> None:
    assert parse_settings(MINIMAL).sources[0].topic == "ai"
    general = {"sources": [{"name": "A", "url": "https://example.com/feed.xml", "topic": "general"}]}
    assert parse_settings(general).sources[0].topic == "general"
    with pytest.raises(ConfigError) as caught:
        parse_settings(
            {"sources": [{"name": "A", "url": "https://example.com/f", "topic": "news"}]}, "cfg.yml"
        )
    assert str(caught.value) == "cfg.yml: 'sources.0.topic': Input should be 'ai' or 'general'"


def test_duplicate_source_names_are_refused() -> None:
    twice = [
        {"name": "量子位", "url": "https://a.example/feed"},
        {"name": "量子位", "url": "https://b.example/feed"},
    ]
    with pytest.raises(ConfigError, match=r"'sources'.*duplicate source name '量子位'"):
        parse_settings({"sources": twice})


def test_unknown_key_is_one_line_naming_the_key() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_settings({**MINIMAL, "fetch": {"timeout": 3}}, "cfg.yml")
    assert str(caught.value) == "cfg.yml: unknown key 'fetch.timeout'"


def test_wrong_type_names_the_key() -> None:
    with pytest.raises(ConfigError, match=r"'fetch\.read_timeout_s'"):
        parse_settings({**MINIMAL, "fetch": {"read_timeout_s": "soon"}})


def test_source_needs_http_url() -> None:
    with pytest.raises(ConfigError, match=r"'sources\.0\.url'.*http"):
        parse_settings({"sources": [{"name": "A", "url": "file:///etc/passwd"}]})


def test_sources_required() -> None:
    with pytest.raises(ConfigError, match="missing key 'sources'"):
        parse_settings({})


def test_unknown_time_zone() -> None:
    with pytest.raises(ConfigError, match="timezone"):
        parse_settings({**MINIMAL, "timezone": "Mars/Olympus"})


def test_bad_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("sources: [\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_settings(bad)
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_settings(tmp_path / "nope.yml")


def test_site_info_reads_env_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mkdocs = tmp_path / "mkdocs.yml"
    mkdocs.write_text(
        "site_name: 测试站\nsite_url: !ENV [SITE_URL, 'https://a.example/']\n"
        "theme: {name: material, language: zh}\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra: {telegram: {handle: abc, group: 'https://t.me/abc'}}\n",
        encoding="utf-8",
    )
    assert load_site(mkdocs).url == "https://a.example/"
    monkeypatch.setenv("SITE_URL", "https://b.example/blog/")
    site = load_site(mkdocs)
    assert (site.name, site.url, site.telegram["handle"]) == ("测试站", "https://b.example/blog/", "abc")
