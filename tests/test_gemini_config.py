"""The `editor:` settings a model would refuse are refused at start-up, in one line naming the key (issue 17 §1):
thinking levels the configured models do not take, fallbacks that are the primary again (also after the API routes
a deprecated model), a thinking budget beside a level; `temperature` is accepted and ignored."""

from __future__ import annotations

import pytest

from generator.config import load_settings, parse_settings
from generator.config_editor import EditorSettings, family_of, served_by, thinking_levels
from generator.errors import ConfigError

SOURCES = {"sources": [{"name": "a", "url": "https://a.example/"}]}


def editor(**values: object) -> EditorSettings:
    return parse_settings({**SOURCES, "editor": values}).editor


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"thinking_level": "minimal"},
            "config: 'editor.thinking_level': gemini-3.8-flash does not take 'minimal'; its levels are low, "
            "medium, high",
        ),
        (
            {"write_thinking_level": "minimal"},
            "config: 'editor.write_thinking_level': gemini-3.8-flash does not take 'minimal'",
        ),
        (
            {
                "model": "gemini-3.6-flash",
                "fallback_models": ["gemini-3.7-flash"],
                "thinking_level": "minimal",
            },
            "config: 'editor.thinking_level': gemini-3.7-flash does not take 'minimal'",  # a fallback's levels too
        ),
        (
            {"fallback_models": ["gemini-3.7-flash"]},
            "config: 'editor.fallback_models': gemini-3.7-flash is answered by gemini-3.8-flash (deprecated models "
            "are routed), the same model as editor.model: name a different live model",
        ),
        (
            {"fallback_models": ["gemini-3.8-flash"]},
            "config: 'editor.fallback_models': gemini-3.8-flash is editor.model again",
        ),
        (
            {"model": "gemini-2.5-pro", "fallback_models": ["gemini-3.8-flash"], "thinking_budget": 512},
            "config: 'editor.fallback_models': gemini-3.8-flash is answered by gemini-3.8-flash",
        ),
        (
            {"fallback_models": ["gemini-3.6-flash", "gemini-3.5-flash"]},
            "config: 'editor.fallback_models': gemini-3.5-flash is answered by gemini-3.6-flash (deprecated "
            "models are routed), the same model as the fallback gemini-3.6-flash",
        ),
        (
            {"model": "gemini-2.5-flash", "fallback_models": [], "thinking_level": "low"},
            "config: 'editor.thinking_level': gemini-2.5-flash takes thinking_budget, not a thinking level",
        ),
        (
            {"thinking_budget": 1024, "thinking_level": "low"},
            "config: 'editor.thinking_budget': set thinking_level",
        ),
        ({"thinking_level": "extreme"}, "config: 'editor.thinking_level'"),
    ],
)
def test_settings_a_model_would_refuse_are_refused_at_start_up(values: dict, message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        editor(**values)
    assert str(raised.value).startswith(message) and "\n" not in str(raised.value)


def test_what_is_accepted() -> None:
    assert editor().models == ("gemini-3.8-flash", "gemini-3.6-flash")
    assert editor(thinking_level="high", write_thinking_level="low").write_thinking_level == "low"
    # gemini-3.6-flash takes minimal; so does any model the table does not know (the API will say)
    assert (
        editor(model="gemini-3.6-flash", fallback_models=[], thinking_level="minimal").thinking_level
        == "minimal"
    )
    assert (
        editor(model="gemini-9-flash", fallback_models=[], thinking_level="minimal").thinking_level
        == "minimal"
    )
    # a thinking budget (Gemini 2.5) clears the default levels; so does naming a model that takes no level
    budget = editor(model="gemini-2.5-flash", fallback_models=[], thinking_budget=512)
    assert (budget.thinking_level, budget.write_thinking_level, budget.thinking_budget) == (None, None, 512)
    assert editor(model="gemini-2.5-flash", fallback_models=[]).thinking_level is None
    # an owner's old config with a temperature still loads (the editor ignores it and says so)
    assert editor(temperature=0.2).temperature == 0.2


def test_the_shipped_config_and_the_defaults_agree() -> None:
    shipped = load_settings().editor
    defaults = EditorSettings()
    for key in (
        "model",
        "fallback_models",
        "thinking_level",
        "write_thinking_level",
        "max_calls",
        "timeout_s",
    ):
        assert getattr(shipped, key) == getattr(defaults, key), key
    assert shipped.temperature is None
    for key in ("attempts", "backoff_s", "wait_budget_s", "time_budget_s"):
        assert getattr(shipped, key) == getattr(defaults, key), key


def test_the_model_table() -> None:
    assert family_of("models/gemini-3.8-flash-001") == family_of("gemini-3.8-flash")
    assert family_of("gemini-3.5-flash-lite").name == "gemini-3.5-flash-lite"  # the longest known name
    assert family_of("gemini-9-flash") is None and thinking_levels("gemini-9-flash") is None
    assert (
        served_by("gemini-3.7-flash") == "gemini-3.8-flash"
        and served_by("gemini-3.6-flash") == "gemini-3.6-flash"
    )
    assert served_by("gemini-2.5-pro") == "gemini-3.8-flash"
    assert thinking_levels("gemini-3.8-flash") == ("low", "medium", "high")
    assert thinking_levels("gemini-2.5-flash") == ()
