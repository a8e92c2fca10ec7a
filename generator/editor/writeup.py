"""The write-up call, and what one blocked article may cost: at most itself.

A block applies to the whole response (`finishReason` SAFETY, PROHIBITED_CONTENT …, or `promptFeedback.blockReason`;
a RECITATION that a paraphrase did not cure): sending the same articles again would be blocked again. So a blocked
request is split in two halves (articles first, then one-liners, in the post's order) and each half is asked on its
own, the blocked half split again, down to the one article the model will not write; that one is written by the
offline editor and never sent again. Each half is one more request (`usage["splits"]`), within `editor.max_calls`:
when the calls run out, what is still unwritten is written offline. A normal day is one request.

The answers of the parts are merged: the day's title and description from the first part answered (the most
important stories come first), the themes (one name once), summary bullets, tags, keywords, entries, one-liners
and follow-ups of all parts. The day's follow-ups are sent with the first request only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from generator.editor import EditContext
from generator.editor.answers import WriteAnswer, WrittenTheme
from generator.editor.calls import Request, StructuredCaller, shorter
from generator.editor.prompting import Pick, write_prompt


@dataclass(frozen=True)
class WriteResult:
    """The merged answer of every part the model wrote, the models that wrote them (in order), why the model wrote
    nothing for a story (story id → reason), and the fallback models that answered instead of editor.model."""

    answer: WriteAnswer
    models: tuple[str, ...]
    offline: Mapping[str, str]
    fallbacks: tuple[str, ...]


@dataclass(frozen=True)
class WriteJob:
    """How to write: the system instruction, the prompt's size (characters; each article's text trimmed to
    `article_chars`), the output limit, the thinking level and the answer's schema (answers.BilingualWriteAnswer
    when the English edition is on, issue 22)."""

    system: str
    limit_chars: int
    article_chars: int
    max_output_tokens: int
    thinking_level: str | None
    schema: type[WriteAnswer] = WriteAnswer


def halves(
    featured: Sequence[Pick], briefs: Sequence[Pick]
) -> list[tuple[tuple[Pick, ...], tuple[Pick, ...]]]:
    """The two halves of a request's articles and one-liners (the first half one longer), in order."""
    items = [*featured, *briefs]
    middle = (len(items) + 1) // 2
    taken = {id(p) for p in featured}
    parts = (items[:middle], items[middle:])
    return [
        (tuple(p for p in part if id(p) in taken), tuple(p for p in part if id(p) not in taken))
        for part in parts
    ]


def merge_themes(answers: Sequence[WriteAnswer]) -> list[WrittenTheme]:
    """The parts' themes, in order; themes of one name (in two parts) become one, their ids joined."""
    merged: dict[str, WrittenTheme] = {}
    for theme in (t for a in answers for t in a.themes):
        known = merged.get(theme.name)
        if known is None:
            merged[theme.name] = theme
        else:
            ids = list(dict.fromkeys([*known.ids, *theme.ids]))
            merged[theme.name] = known.model_copy(update={"ids": ids})
    return list(merged.values())


def merge_answers(answers: Sequence[WriteAnswer]) -> WriteAnswer:
    """One answer from the parts' answers (see the module docstring)."""
    if len(answers) == 1:
        return answers[0]
    title = next((a.title for a in answers if a.title.text.strip()), WriteAnswer().title)
    description = next(
        (a.description for a in answers if a.description.text.strip()), WriteAnswer().description
    )
    return type(answers[0])(  # the parts' schema: a bilingual answer stays one (issue 22)
        title=title,
        description=description,
        themes=merge_themes(answers),
        summary=[s for a in answers for s in a.summary],
        tags=[t for a in answers for t in a.tags],
        keywords=[k for a in answers for k in a.keywords],
        entries=[e for a in answers for e in a.entries],
        briefs=[b for a in answers for b in a.briefs],
        follow_ups=[f for a in answers for f in a.follow_ups],
    )


def write_up(
    featured: Sequence[Pick],
    briefs: Sequence[Pick],
    context: EditContext,
    caller: StructuredCaller,
    job: WriteJob,
) -> WriteResult:
    """Ask the model to write `featured` (full entries) and `briefs` (one-liners), splitting around blocks (see the
    module docstring). A cut-off answer is asked again without the one-liners (they keep their headlines)."""
    parts = [(tuple(featured), tuple(briefs))]
    follow_ups = tuple(context.follow_ups)  # sent with the first part (the most important stories)
    answers: list[WriteAnswer] = []
    models: list[str] = []
    fallbacks: list[str] = []
    offline: dict[str, str] = {}
    sent = 0
    while parts:
        part_featured, part_briefs = parts.pop(0)
        told = follow_ups if not sent else ()
        prompt = write_prompt(part_featured, part_briefs, context, job.article_chars, job.limit_chars, told)
        bare = write_prompt(part_featured, (), context, job.article_chars, job.limit_chars, told)
        request = Request(job.system, prompt, job.schema, job.max_output_tokens, job.thinking_level)
        if sent:
            caller.usage["splits"] += 1
        sent += 1
        answered = caller.ask(request, lambda r, bare=bare: shorter(replace(r, prompt=bare)))
        if answered.reply is not None:
            answers.append(answered.reply.answer)
            models.append(answered.reply.model)
            fallbacks += [answered.fallback] if answered.fallback else []
            if answered.shortened:
                reason = "the answer was cut off at the output limit, asked again without one-liners"
                offline.update(dict.fromkeys((p.story.id for p in part_briefs), reason))
        elif answered.blocked and len(part_featured) + len(part_briefs) > 1:
            parts[0:0] = halves(part_featured, part_briefs)
        else:
            reason = answered.problem or "no answer"
            offline.update(dict.fromkeys((p.story.id for p in (*part_featured, *part_briefs)), reason))
    answer = merge_answers(answers) if answers else job.schema()
    return WriteResult(answer, tuple(dict.fromkeys(models)), offline, tuple(dict.fromkeys(fallbacks)))
