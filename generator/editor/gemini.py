"""The Gemini editor: a selection (triage) call and a write-up call with structured output, checked against our own
records. Each stage degrades alone, and the editor says how (`degradations`) and what the owner must fix
(`owner_action`).

The model sees story ids and quoted text and answers with ids. Links, sources, times and images always come from
our Story records. What the model decides is checked (generator.editor.triage, generator.editor.assemble,
generator.editor.grounding); a text that fails takes the offline editor's text for that field.

When the model cannot deliver (generator.editor.chain: after its tries, waits and fallback models):
- no selection → the offline ranking selects, and the write-up is still asked of the model;
- no write-up, or a part of it blocked → only what the model did not write is written offline
  (generator.editor.writeup splits a blocked request so that one blocked article costs at most itself);
- neither → EditorError, and the pipeline lets the offline editor write the whole post.
The Digest's `editor` names the models that answered (their `modelVersion`), with "+offline" when the offline
editor wrote a part.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from generator.config_editor import EditorSettings
from generator.editor import EditContext
from generator.editor.answers import BilingualWriteAnswer, TriageAnswer, WriteAnswer
from generator.editor.assemble import Assembler
from generator.editor.bilingual import english_sentence
from generator.editor.calls import Request, StructuredCaller, new_usage, shorter
from generator.editor.citing import refusals_sentence
from generator.editor.offline import OfflineEditor
from generator.editor.prompting import CHARS_PER_TOKEN, Pick, estimate_tokens, load_prompt, triage_prompt
from generator.editor.ranking import rank_stories
from generator.editor.triage import PickReader
from generator.editor.writeup import WriteJob, WriteResult, write_up
from generator.errors import EditorError
from generator.models import Digest, Story

log = logging.getLogger(__name__)

LANGUAGE_NAMES = {
    "zh": "简体中文",
    "zh-cn": "简体中文",
    "zh-hans": "简体中文",
    "zh-tw": "繁體中文",
    "en": "English",
}


def category_lines(context: EditContext) -> str:
    """The categories for the triage prompt, one a line, each with the question it answers for a reader
    (config `editor.category_questions`; just the name when it has none)."""
    lines = []
    for name in context.categories:
        question = context.category_questions.get(name, "")
        lines.append(f"- {name}: {question}" if question else f"- {name}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Selection:
    """The selected stories (most important first; empty when the model gave none), the model that selected them
    ("" for none), the request's estimated prompt tokens, and why the model's selection is missing."""

    picks: list[Pick]
    model: str
    tokens: int
    problem: str = ""


class GeminiEditor:
    """Selection then write-up through one run's model chain; the offline editor fills any gap.

    `api_key` is the Gemini API key (read once, by the CLI, from GEMINI_API_KEY). `cache_dir` holds the answers
    (None: no cache). `sleep` and `clock` (monotonic seconds) time the waits and the model's time budget (tests
    inject their own; None: time.sleep and time.monotonic). After `edit`: `usage` (calls, tokens, counts),
    `degradations` (one plain sentence per way the day degraded), `owner_action` (what the owner must fix, or
    None), `notes`.
    """

    def __init__(
        self,
        settings: EditorSettings,
        language: str = "zh",
        cache_dir: Path | None = None,
        *,
        api_key: str,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.settings = settings
        self.language = language
        self.cache_dir = cache_dir
        self.api_key = api_key
        self.sleep = sleep or time.sleep  # looked up now, not when this module was imported
        self.clock = clock or time.monotonic
        self.name = settings.model
        self.usage = new_usage()
        self.degradations: tuple[str, ...] = ()
        self.owner_action: str | None = None
        self.notes: tuple[str, ...] = ()

    def edit(self, stories: Sequence[Story], context: EditContext) -> Digest:
        """The day's Digest. Raises EditorError when the model wrote nothing at all (the pipeline then lets the
        offline editor write the whole day); `usage`, `degradations`, `owner_action` and `notes` say how it went."""
        self.usage, self.owner_action = new_usage(), None
        said: list[str] = []
        if not stories:
            self.degradations, self.notes = (), ()
            return OfflineEditor().edit(stories, context)
        caller = StructuredCaller(
            self.settings, self.api_key, self.cache_dir, self.usage, sleep=self.sleep, clock=self.clock
        )
        try:
            ranked = rank_stories(stories, context)
            selection = self.select(ranked, context, caller, said)
            picks = selection.picks + PickReader(self.usage).top_up(selection.picks, ranked, context)
            featured = picks[: context.max_entries]
            briefs = picks[context.max_entries : context.max_entries + context.max_briefs]
            budget = self.settings.daily_token_budget
            tokens = budget - max(selection.tokens, caller.chain.spent_tokens) - budget // 10
            result = self.write(featured, briefs, context, caller, tokens)
            if not selection.model and not result.models:
                said.clear()
                problems = dict.fromkeys([selection.problem, *result.offline.values()])
                raise EditorError(f"the model wrote nothing: {'; '.join(filter(None, problems))}")
            digest = Assembler(featured, briefs, stories, context, self.usage).digest(result.answer)
            said += self.write_degradations(featured, briefs, result)
            return replace(digest, editor=self.credit(selection, result))
        finally:
            caller.close()
            self.finish(caller, said)

    def system(self, task: str, context: EditContext, **values: object) -> str:
        """The system instruction: the rules (language, date) and the task prompt filled with `values`; the
        write-up adds the Chinese style guide and the example entry (prompts/style.txt, example.txt) for a
        Chinese post."""
        language = LANGUAGE_NAMES.get(self.language.lower(), self.language)
        rules = load_prompt("rules", language=language, date=context.day.isoformat())
        text = rules + load_prompt(task, language=language, **values)
        if task == "write" and self.language.lower().startswith("zh"):
            text += load_prompt("style") + load_prompt("example")
        return text

    def select(
        self, ranked: Sequence[Story], context: EditContext, caller: StructuredCaller, said: list[str]
    ) -> Selection:
        """The model's selection (merged where `confirm_same_story` allows), most important first; an empty one,
        said in `said`, when the model gave no usable selection (the offline ranking then selects)."""
        most = context.max_entries + context.max_briefs
        categories = category_lines(context)
        system = self.system("triage", context, categories=categories, max_selected=most)
        limit = self.settings.daily_token_budget * CHARS_PER_TOKEN // 4 - len(system)
        prompt, shown = triage_prompt(ranked, context, limit)
        fewer = self.system(
            "triage", context, categories=categories, max_selected=max(context.max_entries, most // 2)
        )
        request = Request(
            system, prompt, TriageAnswer, self.settings.max_output_tokens, self.settings.thinking_level
        )
        answered = caller.ask(request, lambda r: shorter(r, system=fewer))
        reply = answered.reply
        picks = PickReader(self.usage).read(reply.answer, shown, context) if reply is not None else []
        tokens = estimate_tokens(system, prompt)
        if reply is None or not picks:
            self.usage["fallbacks"] += 1
            problem = answered.problem if reply is None else "the model selected no known story"
            log.warning("gemini: the offline ranking selects today's stories: %s", problem)
            said.append(f"selection made by the offline ranking: {problem}")
            return Selection([], "", tokens, problem)
        if answered.fallback:
            said.append(f"selection by fallback model {answered.fallback}")
        return Selection(sorted(picks, key=lambda p: -p.importance), reply.model, tokens)

    def write(
        self,
        featured: Sequence[Pick],
        briefs: Sequence[Pick],
        context: EditContext,
        caller: StructuredCaller,
        tokens: int,
    ) -> WriteResult:
        """The write-up (generator.editor.writeup), its input trimmed to `tokens`."""
        system = self.system("write", context)
        # The English edition's fields in the same answer (issue 22); without it the request is unchanged.
        bilingual = "en" in context.editions and self.language.lower().startswith("zh")
        if bilingual:
            system += load_prompt("english")
        job = WriteJob(
            system=system,
            limit_chars=tokens * CHARS_PER_TOKEN - len(system),
            article_chars=self.settings.article_chars,
            max_output_tokens=self.settings.max_output_tokens,
            thinking_level=self.settings.write_thinking_level,
            schema=BilingualWriteAnswer if bilingual else WriteAnswer,
        )
        result = write_up(featured, briefs, context, caller, job)
        if not result.models:
            self.usage["fallbacks"] += 1
            log.warning("gemini: the offline editor writes up today's stories")
        return result

    def write_degradations(
        self, featured: Sequence[Pick], briefs: Sequence[Pick], result: WriteResult
    ) -> list[str]:
        """The sentences for what the write-up could not give: fallback models, entries and one-liners written
        offline (by reason), model texts that failed the checks."""
        said = [f"write-up by fallback model {fallback}" for fallback in result.fallbacks]
        reasons = Counter(result.offline[p.story.id] for p in featured if p.story.id in result.offline)
        said += [f"{n} of {len(featured)} write-ups written offline: {why}" for why, n in reasons.items()]
        missing = self.usage["offline_entries"] - sum(reasons.values())
        if missing > 0:
            said.append(
                f"{missing} of {len(featured)} write-ups written offline: missing or invalid in the model's answer"
            )
        lines = Counter(result.offline[p.story.id] for p in briefs if p.story.id in result.offline)
        said += [f"{n} of {len(briefs)} one-liners kept their headlines: {why}" for why, n in lines.items()]
        if self.usage["rejected_fields"]:
            said.append(
                f"{self.usage['rejected_fields']} texts of the model failed the checks (links, injected "
                "instructions, naming no story"
                + (
                    f"; {self.usage['english_fields']} of them in English"
                    if self.usage["english_fields"]
                    else ""
                )
                + "): the offline editor's text is used instead"
            )
        if refused := refusals_sentence(self.usage):
            said.append(refused)
        if english := english_sentence(self.usage, len(featured) + len(briefs)):
            said.append(english)
        return said

    def credit(self, selection: Selection, result: WriteResult) -> str:
        """The Digest's `editor`: the models that answered, "+offline" when the offline editor wrote a part."""
        writers = "+".join(dict.fromkeys(m for m in (selection.model, *result.models) if m))
        mixed = (
            not selection.model
            or bool(result.offline)
            or self.usage["offline_entries"] > 0
            or self.usage["rejected_fields"] > 0
        )
        return f"{writers}+offline" if mixed else writers

    def finish(self, caller: StructuredCaller, said: list[str]) -> None:
        """Set `degradations`, `owner_action` and `notes` from the run's chain and what the stages said."""
        chain = caller.chain
        if chain.waited_s:
            why = ", ".join(chain.wait_reasons)
            said.append(f"waited {chain.waited_s:.0f} s for the Gemini API ({why})")
        notes = [
            f"{asked} is answered by {answered} (the API routes a deprecated model to its successor): "
            f"set editor.model to {answered}"
            for asked, answered in caller.routed.items()
        ]
        if self.settings.temperature is not None:
            notes.append(
                "editor.temperature is ignored: Gemini 3 models ignore it (deprecated from 3.6 Flash on); "
                "remove it from the config"
            )
        self.degradations = tuple(dict.fromkeys(said))
        self.owner_action = chain.owner_action
        self.notes = tuple(notes)
