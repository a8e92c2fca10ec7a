"""A cited text (issue 21 §1): sentences with the markers that name the sources of their own story. Part of the
pipeline's data (generator.models re-exports them); kept apart so that models stays one screenful of types."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Citation:
    """A sentence's marker (issue 21 §1): `[number]`, the number-th source of its story as the post lists them
    (Story.articles, the 来源 line's order, from 1), with that source's article `url` and `source` name."""

    number: int
    url: str
    source: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of 今日摘要, a paragraph, 深度解读 or 影响, and the sources of its own story it cites: `text`
    plain (its markers are not part of it), `cites` in marker order, `model` True when a model wrote it (the gate
    checks those: ARCHITECTURE.md, "Models and trust")."""

    text: str
    cites: tuple[Citation, ...] = ()
    model: bool = False


class CitedText(str):
    """A text made of cited sentences: the plain text itself (a str: whoever reads the text sees it as before, with
    no markers), its `sentences` and the id of the `story` whose sources they cite. Like markupsafe.Markup, a str
    that carries more: slicing or joining it gives a plain str without citations (the gate then finds a model
    sentence without a marker)."""

    sentences: tuple[Sentence, ...]
    story: str

    def __new__(cls, sentences: Iterable[Sentence], story: str) -> CitedText:
        kept = tuple(s for s in sentences if s.text)
        text = ""
        for sentence in kept:
            spaced = text and text[-1].isascii() and sentence.text[0].isascii()
            text += (" " if spaced else "") + sentence.text
        made = super().__new__(cls, text)
        made.sentences = kept
        made.story = story
        return made

    def __getnewargs__(self) -> tuple[tuple[Sentence, ...], str]:  # type: ignore[override]
        """What copy and pickle pass to __new__."""
        return (self.sentences, self.story)
