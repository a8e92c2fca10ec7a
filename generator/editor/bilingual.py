"""The model's English for the English edition (issue 22 §1): with `editions: [en]`, the write-up's one answer
carries each entry's `headline_en` and `summary_en` and each one-liner's `text_en` (answers.BilingualWriteAnswer).
They pass the same checks as the Chinese texts, in the English post's language:

- a headline or a one-liner's line: clean (grounding.checked_text: no link, markup, injected instruction or call to
  action), no Chinese outside quotes, naming its story (grounding.Grounds.names) and quoting, giving a figure or
  naming nothing its story's sources do not (stories.facts_problem);
- a summary: every sentence kept by editor.citing (a marker, inside the story, quotes verbatim, every figure and
  name in the cited sources) and without Chinese outside quotes ("chinese"). One refused sentence and the story's
  English summary is the offline editor's (editor.english): an English summary is short, and a gap in it would
  change what it says.

What passes goes into `Digest.english` by story id, which editor.english uses over its offline text. Counted in the
usage record: `en_written` (stories with some of the model's English), `en_fallbacks` (stories of the post whose
English is the offline text in part or whole: missing, or refused), `en_rejected_lines` (headlines and one-liners
refused), `en_rejected_summaries` (summaries with a link or an injected instruction), `en_model_sentences`,
`en_cited_sentences`, `en_refused_sentences` and `en_refused_<reason>` (citing.ENGLISH_REASONS);
`english_sentence` says it in the run summary.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence

from generator.editor.answers import BilingualBrief, BilingualEntry, WriteAnswer
from generator.editor.citing import ENGLISH_REASONS, REASON_WORDS, cited_sentences
from generator.editor.grounding import Grounds, checked_text, problem
from generator.lang import unquoted
from generator.models import CitedText, EnglishText, Story
from generator.stories import facts_problem, strip_markers
from generator.text import has_cjk

log = logging.getLogger(__name__)

LIMITS = {"headline": 80, "summary": 500, "line": 80}


def english_line(text: str, story: Story, grounds: Grounds, limit: int, usage: dict[str, int]) -> str:
    """A headline or a one-liner's line in English when it passes (see the module docstring), else "" (a text
    the model wrote and that failed counted in `usage["en_rejected_lines"]`)."""
    text = strip_markers(text)
    if not text.strip():
        return ""
    checked = checked_text(text, limit, "clauses")
    if (
        checked is None
        or has_cjk(unquoted(checked))
        or not grounds.names(checked, [story])
        or facts_problem(checked, story.articles)
    ):
        usage["en_rejected_lines"] += 1
        log.info("gemini: the model's English line is not used: %.80r", text)
        return ""
    return checked


def english_summary(text: str, story: Story, counts: dict[str, int]) -> CitedText | None:
    """The summary's cited sentences when every one passes, else None (counted in `counts`)."""
    if not text.strip():
        return None
    if problem(strip_markers(text)):
        counts["rejected_summaries"] += 1
        return None
    refused = counts["refused_sentences"]
    kept = cited_sentences(text, story, LIMITS["summary"], counts, english=True)
    return kept if counts["refused_sentences"] == refused else None


def english_texts(
    answer: WriteAnswer,
    story_of: Mapping[str, Story],
    shown: Sequence[Story],
    grounds: Grounds,
    usage: dict[str, int],
) -> dict[str, EnglishText]:
    """The model's English that passed, by our story id (see the module docstring); `story_of` maps the model's
    ids to our stories, `shown` are the entries and one-liners of the post. Counts go into `usage`."""
    counts: dict[str, int] = defaultdict(int)
    found: dict[str, EnglishText] = {}
    asked = [i for i in (*answer.entries, *answer.briefs) if isinstance(i, BilingualEntry | BilingualBrief)]
    for item in asked:
        story = story_of.get(item.id)
        if story is None or story.id in found:
            continue
        if isinstance(item, BilingualEntry):
            summary = english_summary(item.summary_en, story, counts)
            headline = english_line(item.headline_en, story, grounds, LIMITS["headline"], usage)
            text = EnglishText(headline, summary)
        else:
            text = EnglishText(line=english_line(item.text_en, story, grounds, LIMITS["line"], usage))
        if text != EnglishText():
            found[story.id] = text
    for story in shown:
        text = found.get(story.id)
        usage["en_written"] += text is not None
        usage["en_fallbacks"] += text is None or not text.complete
    for key, value in counts.items():
        usage[f"en_{key}"] += value
    return found


def english_sentence(usage: Mapping[str, int], stories: int) -> str:
    """The run summary's sentence on the English the model did not give or that failed the checks; "" when
    every story of the post has the model's English (or the edition was not asked for)."""
    fallbacks = usage.get("en_fallbacks", 0)
    if not fallbacks:
        return ""
    refused = [
        f"{usage[f'en_refused_{r}']} {REASON_WORDS[r]}"
        for r in ENGLISH_REASONS
        if usage.get(f"en_refused_{r}")
    ]
    why = (
        [f"{usage.get('en_refused_sentences', 0)} English sentences refused ({', '.join(refused)})"]
        if refused
        else []
    )
    if usage.get("en_rejected_lines"):
        why.append(f"{usage['en_rejected_lines']} English headlines or one-liners failed the checks")
    if usage.get("en_rejected_summaries"):
        why.append(
            f"{usage['en_rejected_summaries']} English summaries failed the checks (links, instructions)"
        )
    return (
        f"English edition: {fallbacks} of {stories} stories use the offline English text (the model's English "
        f"missing or failing the checks{''.join(f'; {w}' for w in why)})"
    )
