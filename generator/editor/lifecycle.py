"""What the Gemini API documents about the models we may be configured with: the thinking levels each takes, and
where a deprecated one is routed.

Sources (Gemini API documentation, read December 2026): the model pages (gemini-3.8-flash and gemini-3.7-flash:
thinking `low`, `medium`, `high`, "minimal is not supported and returns an error"; gemini-3.7-flash "is deprecated
… All requests to gemini-3.7-flash are automatically routed to gemini-3.8-flash"); "What's new in Gemini 3.5 Flash"
(deprecated, requests routed to Gemini 3.6 Flash); the Gemini 3.5 Flash-Lite guide (`minimal` by default, `low`,
`medium`, `high`); the Gemini 3.6 Flash guide (`medium` by default, four levels); the deprecations page
(from 2026-12-01 gemini-2.5-pro is routed to gemini-3.8-flash and gemini-2.5-flash to gemini-3.5-flash-lite; Gemini
2.5 models take `thinking_budget`, not `thinking_level`). A model not in the table is not checked.
"""

from __future__ import annotations

from dataclasses import dataclass

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
