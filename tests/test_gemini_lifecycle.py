"""The model's lifecycle (issue 10 §3): a current default, fallback models when one is retired or deprecated, the
thinking setting, and a fake API that refuses the request shapes the real one refuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_gemini import FakeGemini, error, serve_fake_gemini
from gemini_api_rules import request_problem
from gemini_day import STORIES, make_context, make_editor
from google import genai
from google.genai import errors, types

from generator.config import EditorSettings, load_settings, parse_settings
from generator.errors import ConfigError, EditorError

CURRENT = "gemini-3.8-flash"
RETIRED = "gemini-3.5-flash"


@pytest.fixture
def gemini(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with serve_fake_gemini(monkeypatch) as fake:
        yield fake


def test_the_default_model_is_current_with_a_fallback() -> None:
    for settings in (EditorSettings(), load_settings().editor):
        assert settings.model == CURRENT and settings.fallback_models == ("gemini-3.6-flash",)
        assert (settings.thinking_level, settings.write_thinking_level) == ("low", "medium")
        assert settings.thinking_budget is None and settings.temperature is None


def test_a_retired_model_hands_over_to_the_fallback(gemini: FakeGemini, tmp_path: Path) -> None:
    gemini.retired.add(RETIRED)
    editor = make_editor(tmp_path, model=RETIRED, fallback_models=(CURRENT,))
    digest = editor.edit(STORIES, make_context())
    assert [(r.model, r.status) for r in gemini.recorded] == [(RETIRED, 404), (CURRENT, 200), (CURRENT, 200)]
    assert digest.editor == CURRENT  # the model that wrote the post, not the configured one
    assert editor.usage["retired_models"] == 1 and editor.usage["calls"] == 3
    assert editor.usage["fallback_answers"] == 2
    assert editor.degradations == (
        f"selection by fallback model {CURRENT} ({RETIRED}: 404 NOT_FOUND)",
        f"write-up by fallback model {CURRENT} ({RETIRED}: 404 NOT_FOUND)",
    )


def test_a_deprecation_error_hands_over_too(gemini: FakeGemini, tmp_path: Path) -> None:
    gemini.deprecated.add("gemini-old")
    gemini.retired.add("gemini-older")
    editor = make_editor(tmp_path, model="gemini-older", fallback_models=("gemini-old", CURRENT))
    digest = editor.edit(STORIES, make_context())
    assert [r.status for r in gemini.recorded] == [404, 400, 200, 200]
    assert digest.editor == CURRENT and editor.usage["retired_models"] == 2


def test_no_model_served_means_offline(gemini: FakeGemini, tmp_path: Path) -> None:
    gemini.retired.update({RETIRED, CURRENT})
    editor = make_editor(tmp_path, model=RETIRED, fallback_models=(CURRENT,))
    with pytest.raises(EditorError, match="no model left to ask"):
        editor.edit(STORIES, make_context())
    assert len(gemini.requests) == 2 and editor.usage["calls"] == 2  # the write-up asks neither again


def test_other_client_errors_do_not_switch_models(gemini: FakeGemini, tmp_path: Path) -> None:
    gemini.respond_with(lambda request: error(400, "Request contains an invalid argument."))
    editor = make_editor(tmp_path, model=CURRENT, fallback_models=("gemini-3.6-flash",))
    with pytest.raises(EditorError):
        editor.edit(STORIES, make_context())
    assert [r.model for r in gemini.recorded] == [
        CURRENT,
        CURRENT,
    ]  # the selection, the write-up: no fallback
    assert editor.usage["retired_models"] == 0 and editor.usage["calls"] == 2
    assert editor.owner_action is None  # a request we got wrong is ours to fix, not the owner's


def test_the_post_credits_the_model_that_answered(
    gemini: FakeGemini, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A deprecated model is answered by its successor with a 200 (auto-routing): the post names the successor."""
    gemini.served_as["gemini-3.7-flash"] = "gemini-3.8-flash-001"
    editor = make_editor(tmp_path, model="gemini-3.7-flash")
    digest = editor.edit(STORIES, make_context())
    assert digest.editor == "gemini-3.8-flash-001"  # the responses' modelVersion, not the configured model
    assert "gemini-3.7-flash is served by gemini-3.8-flash-001" in caplog.text
    assert editor.notes == (
        "gemini-3.7-flash is answered by gemini-3.8-flash-001 (the API routes a deprecated model to its "
        "successor): set editor.model to gemini-3.8-flash-001",
    )


def test_both_thinking_settings_are_a_config_error() -> None:
    data = {"sources": [{"name": "a", "url": "https://a.example/"}]}
    with pytest.raises(ConfigError, match="editor.thinking_budget.*not both"):
        parse_settings({**data, "editor": {"thinking_level": "low", "thinking_budget": 1024}})
    only_budget = parse_settings({**data, "editor": {"model": "gemini-2.5-flash", "thinking_budget": 1024}})
    assert (only_budget.editor.thinking_level, only_budget.editor.thinking_budget) == (None, 1024)
    with pytest.raises(ConfigError, match="editor.thinking_level"):
        parse_settings({**data, "editor": {"thinking_level": "extreme"}})


# ── the fake refuses what the API refuses: the tests above prove the requests are right ───────────────────────


def raw_client(fake: FakeGemini) -> genai.Client:
    return genai.Client(api_key="test-key", http_options=types.HttpOptions(base_url=fake.base_url))


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (
            types.GenerateContentConfig(
                thinking_config=types.ThinkingConfig(thinking_level="LOW", thinking_budget=512)
            ),
            "only set one of thinking budget and thinking level",
        ),
        (
            types.GenerateContentConfig(
                response_mime_type="application/json",
                response_schema={"type": "OBJECT"},
                response_json_schema={"type": "object"},
            ),
            "cannot both be set",
        ),
        (
            types.GenerateContentConfig(response_json_schema={"type": "object"}),
            "requires responseMimeType application/json",
        ),
        (
            types.GenerateContentConfig(
                response_mime_type="application/json",
                response_json_schema={
                    "type": "object",
                    "properties": {"a": {"type": "string", "default": "x"}},
                },
            ),
            "unsupported keyword 'default'",
        ),
        (
            types.GenerateContentConfig(
                response_mime_type="application/json",
                response_json_schema={"$ref": "#/$defs/A", "title": "A", "$defs": {"A": {"type": "object"}}},
            ),
            "$ref with sibling keywords",
        ),
        (types.GenerateContentConfig(max_output_tokens=100_000), "max_output_tokens must be between"),
    ],
)
def test_the_fake_refuses_malformed_requests(
    gemini: FakeGemini, config: types.GenerateContentConfig, message: str
) -> None:
    client = raw_client(gemini)  # kept: a client that is collected closes its connections
    with pytest.raises(errors.ClientError) as raised:
        client.models.generate_content(model=CURRENT, contents="hi", config=config)
    assert raised.value.code == 400 and raised.value.status == "INVALID_ARGUMENT"
    assert message in (raised.value.message or "")


def test_the_fake_answers_404_not_found_for_a_retired_model(gemini: FakeGemini) -> None:
    gemini.retired.add(RETIRED)
    client = raw_client(gemini)
    with pytest.raises(errors.ClientError) as raised:
        client.models.generate_content(model=RETIRED, contents="hi")
    assert (raised.value.code, raised.value.status) == (404, "NOT_FOUND")
    assert "no longer available" in (raised.value.message or "")


def test_request_problem_accepts_both_field_spellings() -> None:
    """Proto3 JSON: thinking_level and thinkingLevel are one field (the SDK sends the first)."""
    body = {"contents": [{"parts": [{"text": "hi"}]}]}
    assert (
        request_problem({**body, "generationConfig": {"thinkingConfig": {"thinking_level": "LOW"}}}) is None
    )
    assert request_problem({**body, "generationConfig": {"thinkingConfig": {"thinkingLevel": "LOW"}}}) is None
    assert "Unknown name" in (request_problem({**body, "generationConfig": {"thinkingLevl": "LOW"}}) or "")
