"""The settings of the editors (the `editor:` block of generator/config.yml): the Gemini models and their limits, and
the categories both editors file stories under. Part of the config file, validated with it.

What the Gemini API documents about the models we may be configured with (`FAMILIES`): the thinking levels each
takes, and where a deprecated one is routed. Sources (Gemini API documentation, read December 2026): the model
pages (gemini-3.8-flash and gemini-3.7-flash: thinking `low`, `medium`, `high`, "minimal is not supported and
returns an error"; gemini-3.7-flash "is deprecated … All requests to gemini-3.7-flash are automatically routed to
gemini-3.8-flash"); "What's new in Gemini 3.5 Flash"
(deprecated, requests routed to Gemini 3.6 Flash); the Gemini 3.5 Flash-Lite guide (`minimal` by default, `low`,
`medium`, `high`); the Gemini 3.6 Flash guide (`medium` by default, four levels); the deprecations page
(from 2026-12-01 gemini-2.5-pro is routed to gemini-3.8-flash and gemini-2.5-flash to gemini-3.5-flash-lite; Gemini
2.5 models take `thinking_budget`, not `thinking_level`). A model not in the table is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, ValidationInfo, field_validator, model_validator

from generator.config_base import SettingsModel as _Model

LEVELS = ("minimal", "low", "medium", "high")


@dataclass(frozen=True)
class ModelFamily:
    """A model id and what it takes: its `thinking_level` values (empty: it takes `thinking_budget`), and the
    model that answers its requests when it is deprecated and auto-routed (`routed_to`, a 200, not a 404)."""

    name: str
    levels: tuple[str, ...]
    routed_to: str | None = None


FAMILIES = {
    family.name: family
    for family in (
        ModelFamily("gemini-3.8-flash", ("low", "medium", "high")),
        ModelFamily("gemini-3.7-flash", ("low", "medium", "high"), routed_to="gemini-3.8-flash"),
        ModelFamily("gemini-3.6-flash", LEVELS),
        ModelFamily("gemini-3.5-flash", LEVELS, routed_to="gemini-3.6-flash"),
        ModelFamily("gemini-3.5-flash-lite", LEVELS),
        ModelFamily("gemini-2.5-pro", (), routed_to="gemini-3.8-flash"),
        ModelFamily("gemini-2.5-flash", (), routed_to="gemini-3.5-flash-lite"),
    )
}


def family_of(model: str) -> ModelFamily | None:
    """The known family of a model id (`models/` prefix and a version suffix such as `-001` allowed; the longest
    known name that the id starts with), or None for a model the table does not know."""
    name = model.removeprefix("models/")
    known = [f for f in FAMILIES if name == f or name.startswith(f + "-")]
    return FAMILIES[max(known, key=len)] if known else None


def served_by(model: str) -> str:
    """The model that answers requests for `model`: itself, or where a deprecated model is routed (followed to
    the end)."""
    seen = {model}
    family = family_of(model)
    while family is not None and family.routed_to and family.routed_to not in seen:
        model = family.routed_to
        seen.add(model)
        family = family_of(model)
    return model


def thinking_levels(model: str) -> tuple[str, ...] | None:
    """The `thinking_level` values `model` takes (empty: it takes `thinking_budget` only), or None when unknown."""
    family = family_of(model)
    return family.levels if family is not None else None


ThinkingLevel = Literal["minimal", "low", "medium", "high"]
LEVEL_KEYS = ("thinking_level", "write_thinking_level")


class EditorSettings(_Model):
    """The Gemini editor (used when GEMINI_API_KEY is set) and the categories both editors file stories under.

    Models: `model` is asked first; `fallback_models` in order when it is not served (404, deprecated), out of
    quota for the day, still overloaded (429 per minute, 5xx) after `attempts` tries, or too slow (a try that runs
    out of `timeout_s`). Each fallback must be another model than `model` and than each other, also after the API's
    routing of deprecated models (`FAMILIES`: gemini-3.7-flash is answered by gemini-3.8-flash).

    Thinking: `thinking_level` (the selection) and `write_thinking_level` (the write-up) for Gemini 3 models, each
    one the configured models take (3.8 Flash: low, medium, high); `thinking_budget` (tokens; 0 off, -1 dynamic)
    for Gemini 2.5: the API refuses a request with both (400), so a budget clears the levels (Gemini API, thinking).
    `temperature` is accepted and ignored: Gemini 3 models ignore it (deprecated from 3.6 Flash on, changelog
    2026-07-21), and the run says so.

    Time and calls (seconds): `timeout_s` per try; `wait_budget_s` for all waits the server asks for
    (`RetryInfo.retryDelay`, `Retry-After`) or the back-off (`backoff_s`, doubling) before another try, and
    the waits of an outage of every model (generator.editor.chain);
    `time_budget_s` for everything the model takes in a run, waits included; `max_calls` requests a run (tries,
    fallbacks and the split requests around a blocked article included; a normal day takes 2);
    `daily_token_budget` the estimated prompt tokens a run may send. `max_output_tokens` bounds each answer,
    thinking included; an answer cut there is asked again shorter, with twice the limit.
    """

    model: str = "gemini-3.8-flash"
    fallback_models: tuple[str, ...] = Field(default=("gemini-3.6-flash",), validate_default=True)
    thinking_level: ThinkingLevel | None = Field(default="low", validate_default=True)
    write_thinking_level: ThinkingLevel | None = Field(default="medium", validate_default=True)
    thinking_budget: int | None = Field(default=None, ge=-1)
    max_output_tokens: int = Field(default=16_384, ge=256, le=65_536)
    temperature: float | None = Field(default=None, ge=0, le=2)  # accepted, never sent (see the docstring)
    timeout_s: float = Field(default=90, gt=0)
    attempts: int = Field(default=3, ge=1, le=10)
    backoff_s: float = Field(default=2, ge=0)
    wait_budget_s: float = Field(default=180, ge=0, le=600)
    # At most 15 min: with fetching (2 stages × fetch.deadline_s, 4 min) and the build, far inside the job's 30 min.
    time_budget_s: float = Field(default=480, gt=0, le=900)
    max_calls: int = Field(default=12, ge=0, le=30)
    daily_token_budget: int = Field(default=200_000, gt=0)
    article_chars: int = Field(default=2500, gt=0)
    categories: tuple[str, ...] = ("模型与研究", "产品与应用", "算力与芯片", "资本与商业", "政策与安全")
    category_keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    # The question each category answers for a reader: the selection prompt's guide to filing and importance.
    category_questions: dict[str, str] = Field(default_factory=dict)
    # AI relevance (editor.ranking.relevance): names and terms that make a story AI news, and words that suggest it.
    topic_keywords: tuple[str, ...] = ()
    topic_hints: tuple[str, ...] = ()

    @property
    def models(self) -> tuple[str, ...]:
        """`model`, then `fallback_models`: the order in which they are asked."""
        return (self.model, *self.fallback_models)

    @model_validator(mode="after")
    def _known_categories(self) -> EditorSettings:
        """Keywords or a question for a category that is not in `categories` would never be used: a typo to
        point out."""
        for key in ("category_keywords", "category_questions"):
            unknown = [name for name in getattr(self, key) if name not in self.categories]
            if unknown:
                raise ValueError(f"{key} names {unknown[0]!r}, which is not one of categories")
        return self

    @model_validator(mode="before")
    @classmethod
    def _budget_replaces_levels(cls, data: Any) -> Any:
        """A config that sets only thinking_budget, or names a model that takes no thinking level (Gemini 2.5),
        drops the default levels."""
        if not isinstance(data, dict):
            return data
        model = str(data.get("model", cls.model_fields["model"].default))
        if "thinking_budget" in data or thinking_levels(model) == ():
            return {key: None for key in LEVEL_KEYS if key not in data} | data
        return data

    @field_validator("fallback_models")
    @classmethod
    def _different_models(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        """Each fallback is answered by another model than `model` and the fallbacks before it: a deprecated model
        routed to the primary is the primary again, and shares its quota (`FAMILIES`)."""
        primary = info.data.get("model")
        chain = [primary] if primary else []
        for fallback in value:
            for earlier in chain:
                if served_by(fallback) == served_by(earlier):
                    return _same_model(fallback, earlier, primary)
            chain.append(fallback)
        return value

    @field_validator(*LEVEL_KEYS)
    @classmethod
    def _level_of_every_model(cls, value: str | None, info: ValidationInfo) -> str | None:
        """A level that a configured model does not take is a 400 INVALID_ARGUMENT on every request to it
        (3.8 Flash: "'minimal' is not a supported thinking level for this model")."""
        if value is None:
            return value
        for model in (info.data.get("model"), *info.data.get("fallback_models", ())):
            levels = thinking_levels(model) if model else None
            if levels == ():
                raise ValueError(
                    f"{model} takes thinking_budget, not a thinking level: remove {info.field_name}"
                )
            if levels is not None and value not in levels:
                raise ValueError(f"{model} does not take {value!r}; its levels are {', '.join(levels)}")
        return value

    @field_validator("thinking_budget")
    @classmethod
    def _one_thinking_setting(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and any(info.data.get(key) is not None for key in LEVEL_KEYS):
            raise ValueError(
                "set thinking_level (Gemini 3) or thinking_budget (Gemini 2.5), not both: the API refuses both"
            )
        return value


def _same_model(fallback: str, earlier: str, primary: str | None) -> tuple[str, ...]:
    """Raise the error for a fallback that is answered by the same model as `earlier`."""
    role = "editor.model" if earlier == primary else f"the fallback {earlier}"
    if fallback == earlier:
        raise ValueError(f"{fallback} is {role} again: name a different model")
    raise ValueError(
        f"{fallback} is answered by {served_by(fallback)} (deprecated models are routed), the same model as "
        f"{role}: name a different live model"
    )
