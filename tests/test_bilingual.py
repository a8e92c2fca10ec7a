"""The model's side of the English edition (issue 22 §1): with the edition on, the write-up asks for English fields
beside the Chinese ones in the same request; with it off, the request is the one the Chinese-only editor always
sent (its system instruction and generation config compared with a recorded file, tests/expected/; regenerate with
UPDATE_EXPECTED=1 and review the diff)."""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import frontmatter
import pytest
from fake_gemini import FakeGemini, answer, bilingual, blocks, serve_fake_gemini
from fake_gemini_modes import INVENTED_ENGLISH, UNTRANSLATED_HEADLINE, hostile
from gemini_day import STARWEAVE, STORIES, TRIAGE, WRITE, make_context, make_editor

from generator.cli import main
from generator.editor.answers import BilingualWriteAnswer, read_answer
from generator.editor.writeup import merge_answers
from generator.post import escape_md
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config
from generator.stories import judge, strip_markers

EXPECTED = Path(__file__).parent / "expected" / "write_request.zh.json"


DAY = SAMPLE_DATE.isoformat()


@pytest.fixture
def gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as fake:
        yield fake


fake = gemini


def request_frame(body: dict) -> str:
    """What the editor decides of a write-up request (everything but the day's articles): the system instruction
    and the generation config (the schema, limits, thinking), as stable JSON."""
    kept = {"systemInstruction": body["systemInstruction"], "generationConfig": body["generationConfig"]}
    return json.dumps(kept, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def test_the_chinese_only_write_up_request_is_unchanged(gemini: FakeGemini, tmp_path: Path) -> None:
    gemini.queue(answer(TRIAGE), answer(WRITE))
    make_editor(tmp_path).edit(STORIES, make_context())
    frame = request_frame(gemini.requests[1])
    if os.environ.get("UPDATE_EXPECTED"):
        EXPECTED.write_text(frame, encoding="utf-8")
    assert frame == EXPECTED.read_text(encoding="utf-8")
    assert "_en" not in frame


# ── through `generate` on the sample day, with the edition on ─────────────────────────────────────────────────


@pytest.fixture
def bilingual_config(sample_server: str, tmp_path: Path) -> Path:
    copy_site(tmp_path / "src", include_posts=False)
    return write_sample_config(
        tmp_path / "src", sample_server, tmp_path / "cache", extra={"editions": ["en"]}
    )


def generate_both(config: Path) -> tuple[str, dict]:
    """The English post's Markdown and the run summary of one `generate` run."""
    argv = ["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW]
    assert main(argv) == 0
    english = config.parent / "docs-en" / "blog" / "posts" / f"{DAY}.md"
    (found,) = (config.parent.parent / "cache" / "runs").glob(f"{DAY}-*.json")
    return english.read_text(encoding="utf-8"), json.loads(found.read_text(encoding="utf-8"))


def english_titles(fake: FakeGemini) -> list[str]:
    """The English titles of the stories the write-up request held."""
    write = next(r for r in fake.requests if bilingual(r))
    titles = [f.get("title", "") for kind in ("ARTICLE",) for _, f in blocks(write, kind)]
    return [t for t in titles if t and not re.search(r"[\u4e00-\u9fff]", t)]


def test_one_request_brings_both_languages_and_the_english_post_uses_it(
    fake: FakeGemini, bilingual_config: Path
) -> None:
    markdown, report = generate_both(bilingual_config)
    assert len(fake.requests) == 2 and bilingual(fake.requests[1])  # triage, then one write-up for both
    assert "headline_en" in fake.system(1) and "summary_en" in fake.system(1)
    llm = report["llm"]
    assert llm["en_written"] == 19 and llm["en_fallbacks"] == 0 and llm["en_refused_sentences"] == 0
    assert llm["en_model_sentences"] == llm["en_cited_sentences"] >= 8
    meta = frontmatter.loads(markdown).metadata
    assert meta["editor"] == "gemini-3.8-flash"  # every story's English is the model's
    for title in english_titles(fake):  # the model's English summary, with its marker, in the English post
        assert f"{escape_md(title + '.')}[\\[1\\]]" in markdown, title
    # a story told only in Chinese: the model's sentence quotes its title (no Chinese outside quotes)
    assert "The report is titled “" in markdown
    assert not [d for d in report["degradations"] if d["message"].startswith("English edition:")]


def test_an_english_sentence_quoting_a_chinese_title_is_read_as_english() -> None:
    """Its first word starts a sentence (no name), the quote is checked verbatim (stories.citations)."""
    assert judge(f"The report is titled “{STARWEAVE.title}”", [1], STARWEAVE)[1] == ""
    assert judge("The report is titled “星衡智能闭源”", [1], STARWEAVE)[1] == "misquoted"
    assert judge(f"Zichuan Capital backs “{STARWEAVE.title}”", [1], STARWEAVE)[1] == "name"


def test_what_the_model_invents_in_english_is_refused_and_the_offline_text_used(
    fake: FakeGemini, bilingual_config: Path
) -> None:
    fake.respond_with(hostile())
    markdown, report = generate_both(bilingual_config)
    llm = report["llm"]
    assert llm["en_refused_number"] >= 1 and llm["en_refused_chinese"] >= 1
    assert llm["en_refused_sentences"] == llm["en_refused_number"] + llm["en_refused_chinese"]
    for invented in INVENTED_ENGLISH:  # not published, not a piece of it
        assert strip_markers(invented).strip()[4:14] not in markdown
    # Chinese in an English headline, a link in an English one-liner: the offline English instead, counted
    assert UNTRANSLATED_HEADLINE not in markdown and "evil.example" not in markdown
    assert llm["en_rejected_lines"] >= 8
    (said,) = [d["message"] for d in report["degradations"] if d["message"].startswith("English edition:")]
    assert f"{llm['en_refused_sentences']} English sentences refused" in said
    assert "with Chinese outside quotes in the English post" in said
    assert f"{llm['en_rejected_lines']} English headlines or one-liners failed the checks" in said
    assert frontmatter.loads(markdown).metadata["editor"] == "gemini-3.8-flash+offline"


def test_a_selection_reason_in_english_is_not_shown_in_the_chinese_post(
    gemini: FakeGemini, tmp_path: Path
) -> None:
    """The triage's reason is shown by the dispatch layout: in English, it is left out as a failing reason is
    (counted among the failed texts, as one in English)."""
    triage = copy.deepcopy(TRIAGE)
    triage["selected"][0]["reason"] = "Local compute subsidies keep growing across the region"
    gemini.queue(answer(triage), answer(WRITE))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, make_context())
    voucher = next(e for e in digest.entries if e.story.id == triage["selected"][0]["id"])
    assert voucher.reason == ""
    assert editor.usage["english_fields"] == 1 and editor.usage["rejected_fields"] == 1
    second = next(e for e in digest.entries if e.story.id == triage["selected"][1]["id"])
    assert second.reason == triage["selected"][1]["reason"]  # a Chinese reason is kept


def test_a_split_write_up_keeps_its_english() -> None:
    """A blocked request is split in halves (editor.writeup): the merged answer is still bilingual."""
    parts = [
        read_answer(
            json.dumps({"entries": [{"id": i, "headline_en": f"Headline {i}"}]}), BilingualWriteAnswer
        )
        for i in ("one", "two")
    ]
    merged = merge_answers([p.answer for p in parts])
    assert isinstance(merged, BilingualWriteAnswer)
    assert [e.headline_en for e in merged.entries] == ["Headline one", "Headline two"]
