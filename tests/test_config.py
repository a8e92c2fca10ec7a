from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import DEFAULT_CONFIG, load_settings, load_site, parse_settings
from generator.errors import ConfigError

MINIMAL = {"sources": [{"name": "A", "url": "https://example.com/feed.xml"}]}


def test_default_config_is_valid() -> None:
    settings = load_settings(DEFAULT_CONFIG)
    assert settings.timezone == "Asia/Shanghai"
    assert all(s.url.startswith("https://") for s in settings.sources)


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
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra: {telegram: {handle: abc, group: 'https://t.me/abc'}}\n",
        encoding="utf-8",
    )
    assert load_site(mkdocs).url == "https://a.example/"
    monkeypatch.setenv("SITE_URL", "https://b.example/blog/")
    site = load_site(mkdocs)
    assert (site.name, site.url, site.telegram["handle"]) == ("测试站", "https://b.example/blog/", "abc")
