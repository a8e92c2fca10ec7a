from __future__ import annotations

from pathlib import Path

import pytest

import generator.cover as cover
from generator.cli import main
from generator.samples.demo import copy_site, write_sample_config


@pytest.fixture
def sample_config(sample_server: str, tmp_path: Path) -> Path:
    copy_site(tmp_path / "src", include_posts=False)
    return write_sample_config(tmp_path / "src", sample_server, tmp_path / "cache")


def test_sources_prints_a_health_table(sample_config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sources", "--config", str(sample_config)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["source", "status", "items", "newest", "latency"]
    assert len(lines) == 1 + 8
    assert sum("failed" in line for line in lines) == 2 and "HTTP 404" in out
    assert err.strip() == "6/8 sources healthy"


def test_no_cjk_font_says_what_to_install_before_fetching(
    sample_config: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(cover, "FONT_CANDIDATES", ())
    cover.find_font.cache_clear()
    try:
        code = main(["generate", "--config", str(sample_config), "--date", "2026-11-16"])
    finally:
        cover.find_font.cache_clear()
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == (
        "error: no CJK font found for the cover: install a CJK font (Debian/Ubuntu: sudo apt-get install "
        "fonts-noto-cjk) or set cover.font in the config"
    )
    assert not (sample_config.parent / "docs" / "blog" / "posts" / "2026-11-16.md").exists()


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["generate", "--date", "16/11/2026"])
    assert caught.value.code == 2
    assert "is not a date like 2026-11-16" in capsys.readouterr().err


def test_unknown_layout_is_one_line(
    sample_config: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = sample_config.read_text(encoding="utf-8").replace("layout: insight", "layout: magazine")
    bad = tmp_path / "bad.yml"
    bad.write_text(text, encoding="utf-8")
    assert main(["generate", "--config", str(bad), "--date", "2026-11-16"]) == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("error: layout 'magazine' does not exist (available: ")
    )


def test_every_source_failing_is_one_clear_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_site(tmp_path / "src", include_posts=False)
    config = write_sample_config(
        tmp_path / "src", "http://127.0.0.1:9", tmp_path / "cache"
    )  # nothing listens there
    assert main(["generate", "--config", str(config), "--date", "2026-11-16"]) == 1
    err = capsys.readouterr().err.splitlines()[-1]
    assert err.startswith("error: none of the 8 sources could be fetched (first: http://127.0.0.1:9/feeds/")
    assert err.endswith("run `python -m generator sources` to see each one")
    assert not (tmp_path / "src" / "docs" / "blog" / "posts" / "2026-11-16.md").exists()
