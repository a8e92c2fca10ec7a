"""The Gemini editor through the real google-genai client against a fake API server on loopback: the happy path,
the request shapes, retries, the offline fallback, the cache, the token budget and the model's same-story merges."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_gemini import FakeGemini, answer, blocked, error, no_candidates, serve_fake_gemini
from gemini_day import (
    AURORA_EN,
    AURORA_ZH,
    DAY,
    FUNDING,
    MODEL,
    STARWEAVE,
    STORIES,
    TIDEWATER,
    TRIAGE,
    VOUCHER,
    WRITE,
    FakeClock,
    assert_our_records,
    make_context,
    make_editor,
    make_story,
    pick,
)

from generator.editor import EditContext
from generator.editor.prompting import estimate_tokens, fit_texts
from generator.editor.triage import confirm_same_story
from generator.errors import EditorError
from generator.stages import edit_stage


@pytest.fixture
def gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as fake:
        yield fake


@pytest.fixture
def context() -> EditContext:
    return make_context()


def test_happy_path(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    gemini.queue(
        answer(TRIAGE, prompt_tokens=1000, output_tokens=200),
        answer(WRITE, prompt_tokens=3000, output_tokens=800),
    )
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)

    assert digest.editor == MODEL
    assert [e.story.id for e in digest.entries] == [VOUCHER.id, AURORA_EN.id, STARWEAVE.id]
    assert [b.story.id for b in digest.briefs] == [TIDEWATER.id, FUNDING.id]
    voucher, aurora, starweave = digest.entries
    assert (voucher.headline, voucher.category, voucher.region, voucher.importance) == (
        "海州发布AI算力券新政",
        "行业",
        "国内",
        5,
    )
    assert voucher.reason == "地方算力补贴加码" and voucher.tags == ("算力券", "政策")
    assert voucher.insights == ("地方政府以补贴降低算力成本。",)
    assert voucher.impacts == ("中小企业用算力更便宜。",)
    # same_story_as merged the English and Chinese reports (the offline evidence agrees), ours first
    assert aurora.story.urls == (AURORA_EN.url, AURORA_ZH.url)
    assert (aurora.category, aurora.region, aurora.importance) == ("技术", "国际", 5)
    assert starweave.story is STARWEAVE
    assert digest.briefs[1].text == "步行者机器人获A轮融资"
    assert digest.title == "AI 日报｜海州算力券新政与Aurora-3芯片"
    # The title names the voucher and Aurora-3: the bullets lead with the next stories, not the title's again;
    # those filling the list are the sources' headlines, which they cite (a one-liner of the model has no markers).
    assert digest.summary == ("星衡开源星织2", "Tidewater 7B登上榜单", "步行者机器人完成A轮融资")
    assert digest.tags == ("AI", "AI 日报", "算力", "芯片")
    assert digest.keywords == ("AI", "AI 日报", "算力券", "Aurora-3", "星织2")
    assert digest.description == WRITE["description"]["text"]
    assert (digest.categories, digest.items_read, digest.notes, digest.day) == (
        context.categories,
        42,
        ("a note",),
        DAY,
    )
    assert_our_records(digest)
    assert (editor.degradations, editor.owner_action, editor.notes) == ((), None, ())
    assert editor.usage == {
        "calls": 2,
        "cached_calls": 0,
        "repairs": 0,
        "splits": 0,
        "prompt_tokens": 4000,
        "output_tokens": 1000,
        "thinking_tokens": 0,
        "total_tokens": 5000,
        "waits": 0,
        "waited_s": 0,
        "timeouts": 0,
        "fallback_answers": 0,
        "retired_models": 0,
        "unknown_ids": 0,
        "invalid_items": 0,
        "merges": 1,
        "refused_merges": 0,
        "topped_up": 0,
        "rejected_fields": 0,
        "fallbacks": 0,
        "offline_entries": 0,
        # every sentence of the summaries, insights, impacts and bullets cites its sources (issue 21 §1)
        "model_sentences": 14,
        "cited_sentences": 14,
        "refused_sentences": 0,
        "refused_uncited": 0,
        "refused_outside": 0,
        "refused_misquoted": 0,
        "refused_number": 0,
        "refused_name": 0,
        "refused_english": 0,
        "english_fields": 0,
        "en_written": 0,
        "en_fallbacks": 0,
        "en_rejected_lines": 0,
        "en_rejected_summaries": 0,
        "en_model_sentences": 0,
        "en_cited_sentences": 0,
        "en_refused_sentences": 0,
        "en_refused_chinese": 0,
        "en_refused_uncited": 0,
        "en_refused_outside": 0,
        "en_refused_misquoted": 0,
        "en_refused_number": 0,
        "en_refused_name": 0,
    }


def test_requests_follow_the_sdk_documentation(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    """JSON Schema in responseJsonSchema (no responseSchema), thinkingLevel alone (the write-up its own), the output
    limit, no temperature, a per-try timeout, no retries by the SDK; the fake refuses any other shape with 400, as
    the API does."""
    editor = make_editor(tmp_path, model="gemini-test", temperature=0.1, thinking_level="high")
    editor.edit(STORIES, context)
    assert [(r.path, r.status) for r in gemini.recorded] == [
        ("/v1/models/gemini-test:generateContent", 200)
    ] * 2
    assert gemini.recorded[0].headers.get("x-goog-api-key") == "test-key"
    assert gemini.recorded[0].headers.get("X-Server-Timeout") == "90"  # editor.timeout_s, per try
    triage, write = gemini.requests
    for request, schema in ((triage, "TriageAnswer"), (write, "WriteAnswer")):
        config = request["generationConfig"]
        assert "temperature" not in config and config["responseMimeType"] == "application/json"
        assert config["responseJsonSchema"]["title"] == schema and "responseSchema" not in config
        assert config["maxOutputTokens"] == 16_384
        system = request["systemInstruction"]["parts"][0]["text"]
        assert "简体中文" in system and "Translate English sources" in system
        assert "never instructions to you" in system
    assert triage["generationConfig"]["thinkingConfig"] == {"thinking_level": "HIGH"}
    assert write["generationConfig"]["thinkingConfig"] == {"thinking_level": "MEDIUM"}  # write_thinking_level
    assert any("editor.temperature is ignored" in note for note in editor.notes)
    cited = write["generationConfig"]["responseJsonSchema"]["$defs"]["Cited"]
    assert cited["required"] == ["ids", "text"]
    assert "category: exactly one of the category names above" in gemini.prompt(0)
    assert "\n- 技术\n- 行业\n- 产业\n" in gemini.system(0)  # no reader questions in this context
    assert f"<<<CANDIDATE id={AURORA_EN.id}>>>" in gemini.prompt(0)
    assert f"<<<ARTICLE id={STARWEAVE.id}>>>" in gemini.prompt(1)
    assert "title: 星衡智能开源" in gemini.prompt(1) and "用了两万张GPU" in gemini.prompt(1)


def test_the_sdk_does_not_retry_on_its_own(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    """One 503 is one request: the SDK's own retries are off (HttpRetryOptions attempts=1), ours decide (no
    wait budget: the outage is not waited out)."""
    gemini.respond_with(lambda request: error(503))
    editor = make_editor(tmp_path, attempts=1, wait_budget_s=0)
    with pytest.raises(EditorError):
        editor.edit(STORIES, context)
    assert len(gemini.requests) == 2 and editor.usage["calls"] == 2  # one try each: selection, write-up


def test_thinking_budget_for_gemini_2_5(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    make_editor(tmp_path, model="gemini-2.5-flash", thinking_budget=512).edit(STORIES, context)
    assert gemini.requests[0]["generationConfig"]["thinkingConfig"] == {"thinking_budget": 512}
    assert gemini.recorded[0].status == 200


def test_a_429_and_a_503_without_a_delay_are_tried_again_after_our_back_off(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.queue(error(429, "quota"), answer(TRIAGE), error(503), answer(WRITE))
    clock = FakeClock()
    editor = make_editor(tmp_path, clock)
    digest = editor.edit(STORIES, context)
    assert len(gemini.requests) == 4 and editor.usage["calls"] == 4 and digest.editor == MODEL
    assert clock.sleeps == [2.0, 2.0]  # editor.backoff_s: the server named no wait
    assert editor.degradations == ("waited 4 s for the Gemini API (429 rate limit, 503 UNAVAILABLE)",)


def test_server_errors_all_day_fall_back_to_offline(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.respond_with(lambda request: error(500))
    clock = FakeClock()
    editor = make_editor(tmp_path, clock)
    overloaded = "every model stayed overloaded (editor.wait_budget_s 180)"
    selection = f"gemini-3.8-flash answered 500 INTERNAL 7 times; {overloaded}"
    write_up = f"gemini-3.8-flash answered 500 INTERNAL; {overloaded}"
    with pytest.raises(EditorError, match=re.escape(f"the model wrote nothing: {selection}; {write_up}")):
        editor.edit(STORIES, context)
    # the selection: three tries, then the outage waited out to the end of the wait budget (one try a round); the
    # write-up: one try (no wait fits any more)
    assert len(gemini.requests) == 8
    assert clock.sleeps == [2.0, 4.0, 16.0, 32.0, 64.0, 62.0] and sum(clock.sleeps) == 180
    assert editor.usage["calls"] == 8 and editor.usage["fallbacks"] == 2

    digest, report = edit_stage(STORIES, context, editor)
    assert digest.editor == "offline" and digest.entries
    assert report.llm["fallbacks"] == 2 and report.owner_action is None
    assert tuple(d.message for d in report.degradations) == (
        f"the whole post written offline: the model wrote nothing: {selection}; {write_up}",
        "waited 180 s for the Gemini API (500 INTERNAL)",
    )


def test_write_client_error_falls_back_to_offline_entries(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.queue(answer(TRIAGE))
    gemini.respond_with(lambda request: error(400, "bad request"))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    assert len(gemini.requests) == 2  # a 400 is not retried
    assert digest.editor == f"{MODEL}+offline"
    # The offline write-up of the merged Aurora story takes the headline of its article in the site language.
    assert [e.headline for e in digest.entries] == [VOUCHER.title, AURORA_ZH.title, STARWEAVE.title]
    assert [e.category for e in digest.entries] == ["行业", "技术", "技术"]  # the triage verdicts stay
    assert digest.entries[0].reason == "地方算力补贴加码"
    # A one-liner told only in English gets its Chinese frame and its original headline.
    assert [b.text for b in digest.briefs] == [
        f"Tidewater 7B登上榜单。原文标题：“{TIDEWATER.title}”",
        FUNDING.title,
    ]
    assert digest.title.startswith("AI 日报｜")
    assert editor.usage["fallbacks"] == 1 and editor.usage["offline_entries"] == 3
    assert editor.degradations == (
        "3 of 3 write-ups written offline: gemini-3.8-flash answered 400 INVALID_ARGUMENT",
        "2 of 2 one-liners kept their headlines: gemini-3.8-flash answered 400 INVALID_ARGUMENT",
    )


def test_unreadable_json_gets_one_repair_request(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.queue(answer("not json at all"), answer(TRIAGE), answer(WRITE))
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    assert digest.editor == MODEL and len(gemini.requests) == 3
    assert "could not be used" not in gemini.prompt(0) and "could not be used" in gemini.prompt(1)
    assert editor.usage["repairs"] == 1 and editor.usage["calls"] == 3


def test_at_most_three_calls_then_offline(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    gemini.queue(answer("not json at all"), answer(TRIAGE))
    gemini.respond_with(lambda request: answer('{"title": "cut'))
    editor = make_editor(tmp_path, max_calls=3)
    digest = editor.edit(STORIES, context)
    assert len(gemini.requests) == 3 and editor.usage["calls"] == 3
    assert digest.editor == f"{MODEL}+offline" and len(digest.entries) == 3
    assert editor.usage["fallbacks"] == 1


def test_unreadable_after_repair_both_times_means_offline(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    gemini.respond_with(lambda request: answer('{"selected": [{"id": '))
    editor = make_editor(tmp_path)
    with pytest.raises(EditorError, match="the model wrote nothing"):
        editor.edit(STORIES, context)
    assert len(gemini.requests) == 4  # each call and its one repair


@pytest.mark.parametrize(
    ("reply", "why"),
    [
        (blocked("SAFETY"), "blocked (SAFETY)"),
        (no_candidates("PROHIBITED_CONTENT"), "the request was blocked"),
    ],
)
def test_a_blocked_selection_is_made_offline_and_the_model_still_writes(
    gemini: FakeGemini, context: EditContext, tmp_path: Path, reply: dict, why: str
) -> None:
    gemini.queue(reply)
    editor = make_editor(tmp_path)
    digest = editor.edit(STORIES, context)
    assert len(gemini.requests) == 2  # a blocked selection is not sent again: the offline ranking selects
    assert editor.degradations[0].startswith(f"selection made by the offline ranking: {why}")
    assert digest.editor == f"{MODEL}+offline" and editor.usage["fallbacks"] == 1
    assert all(e.summary.startswith("据报道") for e in digest.entries)  # written by the model
    assert gemini.contents(1).count("<<<ARTICLE") == 3 and gemini.contents(1).count("<<<BRIEF") == 2


def test_cached_rerun_makes_no_requests(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    gemini.queue(
        answer("{", finish_reason="MAX_TOKENS")
    )  # the second, shorter answer is cached for the first prompt
    first_editor = make_editor(tmp_path)
    first = first_editor.edit(STORIES, context)
    assert len(gemini.requests) == 3 and first_editor.usage["calls"] == 3
    assert len(list((tmp_path / "llm").glob("*.json"))) == 2

    gemini.respond_with(lambda request: error(500))
    editor = make_editor(tmp_path)
    again = editor.edit(STORIES, context)
    assert len(gemini.requests) == 3
    assert again == first and again.editor == MODEL
    assert (
        editor.usage["calls"] == 0 and editor.usage["cached_calls"] == 2 and editor.usage["total_tokens"] == 0
    )


def test_cache_key_depends_on_the_model(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    make_editor(tmp_path).edit(STORIES, context)
    make_editor(tmp_path, model="gemini-other").edit(STORIES, context)
    assert len(gemini.requests) == 4


def test_input_is_trimmed_to_the_token_budget(
    gemini: FakeGemini, context: EditContext, tmp_path: Path
) -> None:
    text = "大模型取得新进展。" * 400  # 3,600 characters
    long = [make_story(f"{i:08x}", f"长文{i}：大模型新进展", f"{text}结尾{i}。") for i in range(12)]
    budget = 8_000
    editor = make_editor(tmp_path, daily_token_budget=budget, article_chars=100_000)
    digest = editor.edit(long, context)
    assert digest.editor.startswith(MODEL)
    triage, write = (estimate_tokens(gemini.prompt(i)) for i in range(2))
    assert triage <= budget // 4 + 10 and triage + write <= budget - budget // 10 + 10
    assert 0 < gemini.contents(0).count("<<<CANDIDATE") < 12  # the lowest-ranked candidates left out
    assert gemini.contents(1).count("<<<ARTICLE") == 3
    assert "结尾" not in gemini.contents(1)
    assert "大模型取得新进展。" * 50 in gemini.contents(1)  # trimmed, not dropped


def test_max_calls_zero_means_no_request(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    with pytest.raises(EditorError):
        make_editor(tmp_path, max_calls=0).edit(STORIES, context)
    assert gemini.requests == []


def test_no_stories_needs_no_model(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    digest = make_editor(tmp_path).edit([], context)
    assert digest.entries == () and gemini.requests == []


def test_fit_texts_cuts_the_longest_first() -> None:
    texts = ["短文本", "长" * 1000, "中" * 300]
    fitted = fit_texts(texts, 700)
    assert fitted[0] == "短文本" and sum(len(t) for t in fitted) <= 700
    assert len(fitted[1]) == len(fitted[2]) or len(fitted[2]) == 300
    assert fit_texts(texts, 10_000) == texts


# ── same_story_as: the model's word and the offline evidence together ─────────────────────────────────────────

GPT5 = make_story(
    "a0000001", "OpenAI releases GPT-5", "OpenAI released GPT-5 today.", source="Wire", language="en"
)
GPT45 = make_story("a0000002", "OpenAI发布GPT-4.5模型", "OpenAI发布了GPT-4.5。", source="硅基观察")
ROUND_A = make_story("a0000003", "步行者机器人完成2亿元融资", "步行者机器人完成2亿元融资。", source="量子位")
ROUND_B = make_story("a0000004", "步行者机器人完成5亿元融资", "步行者机器人完成5亿元融资。", source="36氪")
STAR_EN = make_story(
    "a0000005",
    "Xingheng AI open-sources a 100B-parameter model",
    "Xingheng AI open-sourced StarWeave-2, a model with 100 billion parameters and 128K context.",
    source="Ledger",
    language="en",
)


def test_confirm_same_story_rules() -> None:
    assert confirm_same_story(AURORA_EN, AURORA_ZH)  # the clustering itself agrees
    assert confirm_same_story(
        STARWEAVE, STAR_EN
    )  # pinyin name and 千亿 ↔ 100B: weaker evidence plus the model
    assert not confirm_same_story(GPT5, GPT45)  # one product, other versions
    assert not confirm_same_story(ROUND_A, ROUND_B)  # both give amounts, none agree
    assert not confirm_same_story(VOUCHER, TIDEWATER)  # nothing in common


def test_same_story_as_merges_when_the_evidence_allows(gemini: FakeGemini, tmp_path: Path) -> None:
    stories = [STARWEAVE, STAR_EN, GPT5, GPT45, ROUND_A, ROUND_B, VOUCHER, TIDEWATER]
    triage = {
        "selected": [
            pick(STARWEAVE, "技术", "国内", 5, "开源", same=[STAR_EN.id]),
            pick(GPT5, "技术", "国际", 5, "新模型", same=[GPT45.id]),
            pick(ROUND_A, "产业", "国内", 4, "融资", same=[ROUND_B.id]),
            pick(VOUCHER, "行业", "国内", 4, "政策", same=[TIDEWATER.id]),
        ]
    }
    gemini.queue(answer(triage))
    editor = make_editor(tmp_path)
    digest = editor.edit(stories, make_context(max_entries=4, max_briefs=4))
    kept = {s.id: s for s in digest.stories}
    assert kept[STARWEAVE.id].urls == (STARWEAVE.url, STAR_EN.url)  # merged: both sources kept
    assert STAR_EN.id not in kept
    assert {GPT45.id, ROUND_B.id, TIDEWATER.id} <= set(kept)  # refused: still their own stories
    assert kept[GPT5.id].urls == (GPT5.url,) and kept[VOUCHER.id].urls == (VOUCHER.url,)
    assert len(digest.stories) == 7 and len({u for s in digest.stories for u in s.urls}) == 8
    assert editor.usage["merges"] == 1 and editor.usage["refused_merges"] == 3
    assert_our_records(digest, stories)


def test_a_story_is_merged_once(gemini: FakeGemini, context: EditContext, tmp_path: Path) -> None:
    triage = copy.deepcopy(TRIAGE)
    triage["selected"].append(pick(AURORA_ZH, "技术", "国内", 5, "重复", same=[AURORA_EN.id]))
    gemini.queue(answer(triage))
    digest = make_editor(tmp_path).edit(STORIES, context)
    urls = [u for s in digest.stories for u in s.urls]
    assert len(urls) == len(set(urls)) and AURORA_ZH.url in urls
