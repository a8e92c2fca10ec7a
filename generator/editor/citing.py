"""The model's cited sentences (issue 21 §1): its entries' summaries, insights and impacts and its 今日摘要 bullets,
read sentence by sentence. Each sentence is kept only when, in a Chinese post, it is no English sentence (issue 22:
lang.is_english_sentence, names, product names, code, units and quotes aside) and its markers name sources of its
own story that give what it says (generator.stories.judge: a marker, inside the story, quotes found verbatim, every
figure and name in the sources it cites); a refused sentence is left out (the caller then uses the offline
editor's text where nothing is left) and counted by reason (`REASONS`) in the usage record: `refused_<reason>` and
`refused_sentences`, beside `model_sentences` (read) and `cited_sentences` (valid). The sentence that says so in
the run summary is `refusals_sentence`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

from generator.editor.grounding import clean_text
from generator.lang import is_english_sentence, unquoted
from generator.models import CitedText, Sentence, Story
from generator.stories import REASONS as SOURCE_REASONS
from generator.stories import judge, read_sentences
from generator.text import has_cjk

log = logging.getLogger(__name__)

REASON_WORDS = {
    "uncited": "without a marker",
    "outside": "citing outside its story",
    "misquoted": "with a quote not found in the sources",
    "number": "with a figure no cited source gives",
    "name": "with a name no cited source gives",
    "english": "written in English in the Chinese post",
    "chinese": "with Chinese outside quotes in the English post",
}
REASONS = ("english", *SOURCE_REASONS)  # the language first: an English sentence is refused as that
ENGLISH_REASONS = ("chinese", *SOURCE_REASONS)  # the English edition's sentences (generator.editor.bilingual)
_WHOLE = 10_000  # cleaning only: a sentence is never cut (the caller keeps whole sentences within its limit)


def cited_sentences(
    raw: str, story: Story, limit: int, usage: dict[str, int], chinese: bool = False, english: bool = False
) -> CitedText | None:
    """The valid sentences of a model's text about `story`, cleaned (grounding.clean_text), as many whole ones as
    fit `limit` characters together; None when none is valid. `chinese`: the text is for a Chinese post, where an
    English sentence is refused ("english"); `english`: for the English edition, where a sentence with Chinese
    outside quotes is refused ("chinese"). Counts every sentence read and refused in `usage` (see the module
    docstring). Only for text that grounding.problem found clean."""
    kept: list[Sentence] = []
    used = 0
    for text, numbers in read_sentences(raw):
        plain = clean_text(text, _WHOLE, "sentences")
        if not plain:
            continue
        usage["model_sentences"] += 1
        if chinese and is_english_sentence(plain):
            sentence, reason = None, "english"
        elif english and has_cjk(unquoted(plain)):
            sentence, reason = None, "chinese"
        else:
            sentence, reason = judge(plain, numbers, story)
        if sentence is None:
            usage["refused_sentences"] += 1
            usage[f"refused_{reason}"] += 1
            log.info("gemini: a sentence %s is refused: %.80r", REASON_WORDS[reason], plain)
            continue
        usage["cited_sentences"] += 1
        if used + len(plain) <= limit:
            kept.append(sentence)
            used += len(plain)
    return CitedText(kept, story.id) if kept else None


def refusals_sentence(usage: Mapping[str, int]) -> str:
    """The run summary's sentence on the refused sentences, by reason; "" when none was refused."""
    total = usage.get("refused_sentences", 0)
    if not total:
        return ""
    parts = [f"{usage[f'refused_{r}']} {REASON_WORDS[r]}" for r in REASONS if usage.get(f"refused_{r}")]
    return (
        f"{total} of {usage.get('model_sentences', 0)} sentences of the model refused ({', '.join(parts)}): "
        "left out, or the offline editor's text used instead"
    )
