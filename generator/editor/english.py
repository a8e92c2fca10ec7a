"""The English edition of a day (issue 22), written offline from the Chinese digest: the same stories in the same
order, the same links, follow-up threads and anchors, in English from what is certain. Never a translation:

- A story with an English article: that article's headline and its best sentences (the offline editor's
  extractive summary), each citing the article, as on an English site.
- A story told only in Chinese: an English frame of what is certain (generator.post.words_en, "frame"): who, in
  Latin letters only (the story's names where they have a Latin spelling, the vocabulary's spelling of a known
  name), else the source that reports it; what kind of event the headline names (lang.events, a policy word);
  a topic of the vocabulary in English; its figures in English notation (lang.quantities); with the original
  title quoted ("Original title: “…”"). Names and quotes are the only Chinese an English post may hold
  (site.publish's gate).
- A follow-up: its English headline or frame, what is new composed from our records in English (a figure written
  in Chinese notation is left out, not guessed), and the link to the earlier English post when that post exists.
- The title, summary bullets and description are composed as the offline editor composes them (editor.lead),
  from the English headlines; the categories take their English names (words_en "edition"); no themes.

With a key and `editions: [en]`, the model's English (editor.bilingual: checked like its Chinese, in
`Digest.english`) is used over the offline headline, summary and one-liner of each story where it passed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from generator.editor.lead import LeadItem, compose_title, lead_bullets
from generator.editor.offline import drop_title_lines, inverse_document_frequency, summarize
from generator.lang import concept_terms, events, is_common_word, load_vocabulary, name_key, quantities
from generator.models import (
    DESCRIPTION_CHARS,
    Article,
    Brief,
    CitedText,
    Digest,
    EnglishText,
    Entry,
    FollowUp,
    Story,
)
from generator.post import words_for
from generator.stories import HEADLINE_CHARS, cited_text, in_language, strip_brand
from generator.text import fit_clauses, has_cjk, join_whole

LANGUAGE = "en"
_WORDS = words_for(LANGUAGE)
FRAME: Mapping[str, str] = _WORDS["frame"]  # type: ignore[assignment]
EVENTS: Mapping[str, Mapping[str, str]] = _WORDS["frame_events"]  # type: ignore[assignment]
EDITION: Mapping[str, object] = _WORDS["edition"]
_CURRENCIES = (("美元", "$"), ("欧元", "€"), ("英镑", "£"), ("港元", "HK$"), ("元", "CNY "))


@dataclass(frozen=True)
class EnglishEdition:
    """What the English digest needs besides the Chinese one: the title prefix and base tags of the English posts,
    and which days have an English post (a follow-up links to the earlier English post only when it exists)."""

    title_prefix: str
    base_tags: tuple[str, ...]
    has_post: Callable[[date], bool]
    # The headline an English post of that day gave the story at that anchor ("" when it has none).
    earlier_headline: Callable[[date, str], str] = lambda day, anchor: ""


def english_article(story: Story) -> Article | None:
    """The story's first article in English (its source's language), or None when it was told only in Chinese."""
    return next((a for a in story.articles if in_language(a, LANGUAGE) and not has_cjk(a.item.title)), None)


def english_figure(key: str, written: str = "") -> str:
    """One figure (a lang.quantities key) in English notation: "500,000", "5 million", "$300 million", "25%",
    "3x", "Series C"; the currency from the Chinese unit written with it (`written`); "" for other keys."""
    if key.startswith("round:"):
        return f"Series {key.split(':', 1)[1].upper()}"
    if key.startswith("%"):
        return f"{key[1:]}%"
    if key.startswith("x"):
        return f"{key[1:]}x"
    if not key.startswith("#"):
        return ""
    value = float(key[1:])
    sign = next((s for unit, s in _CURRENCIES if unit in written), "")
    for size, name in ((1e9, "billion"), (1e6, "million")):
        if value >= size:
            return f"{sign}{value / size:g} {name}"
    return f"{sign}{value:,.0f}" if value == int(value) else f"{sign}{value:g}"


def title_figures(title: str) -> list[str]:
    """The figures of a Chinese headline in English notation, in the order the headline writes them."""
    found: dict[str, None] = {}
    pattern = r"(?<![A-Za-z0-9.])\d[\d,.]*\s*[万亿千百]*\s*(?:美元|欧元|英镑|港元|元|%|倍)?|[A-F]\+?轮"
    for match in re.finditer(pattern, title):
        written = match.group().strip()
        if not re.search(r"[万亿千百元%倍轮]", written) and not re.fullmatch(
            r"\d{3,}|\d{1,3}(,\d{3})+", written
        ):
            continue  # a version or a small number inside a name ("流光1.5"), not a figure
        for key in sorted(quantities(written)):
            found[english_figure(key, written)] = None
    return [figure for figure in found if figure]


def is_topic(name: str) -> bool:
    """Whether a tag of a story names a topic rather than a company, product, place or person: a common word
    (lang.is_common_word) or a concept of the glossary as a whole ("开源", "算力券", not "本草智算")."""
    return (
        is_common_word(name)
        or name in concept_terms(name, True)
        or name.lower() in concept_terms(name, False)
    )


# The kinds of event a frame can say, most telling first: a policy before a release (a city that 发布s a policy
# makes policy, it ships no product), a deal before a release.
KINDS = ("funding", "acquisition", "regulation", "partnership", "legal", "layoffs", "people", "price", "listing",
         "ranking", "approval", "clinical", "incident", "expansion", "sales", "release")  # fmt: skip
# Words of a Chinese headline that make it a policy (lang.events has no such kind): the keywords of the policy
# category (config `category_keywords` of 政策与安全) that name an act of government, not a topic.
_POLICY = re.compile(r"新政|政策|监管|新规|法规|条例|办法|规定|指引|意见稿|补贴")


def event_kinds(title: str) -> list[str]:
    """The kinds of event a Chinese headline names (lang.events, and "regulation" for a policy word), in KINDS'
    order."""
    found = events(title) | ({"regulation"} if _POLICY.search(title) else set())
    return [kind for kind in KINDS if kind in found]


def latin_names(names: Sequence[str], title: str = "") -> list[str]:
    """The story's names in Latin letters, in order, once each: each name's Latin spelling (Digest.story_names:
    "星衡智能 / Xingheng AI"; a name without one is left out, never shown in Chinese), then the names of the
    vocabulary (generator/lang/vocabulary.yml) the headline gives, by their Latin spelling ("谷歌" → "Google").
    Topics are no names ("开源")."""
    vocabulary = load_vocabulary()
    found = []
    for name in names:
        forms = [f.strip() for f in name.split(" / ") if f.strip()]
        if not forms or is_topic(forms[0]):
            continue
        latin = next((f for f in forms if not has_cjk(f)), "") or vocabulary.latin.get(name_key(forms[0]), "")
        found += [latin] if latin else []
    for key in vocabulary.find(title):
        if key not in vocabulary.topics and vocabulary.latin.get(key):
            found.append(vocabulary.latin[key])
    return list(dict.fromkeys(found))


def latin_topics(title: str) -> list[str]:
    """The topics of the vocabulary a Chinese headline names, in their Latin spelling ("算力" → "compute"), in
    order; a topic without one is left out."""
    vocabulary = load_vocabulary()
    return [
        vocabulary.latin[k]
        for k in vocabulary.find(title)
        if k in vocabulary.topics and k in vocabulary.latin
    ]


def _article(phrase: str) -> str:
    """ "a" or "an" before `phrase`'s next word, by its first letter ("an open source release")."""
    return re.sub(r"^an? (?=(\S))", lambda m: "an " if m[1][0].lower() in "aeiou" else "a ", phrase)


def frame_headline(title: str, source: str, names: Sequence[str]) -> str:
    """The headline of a story told only in Chinese, from what is certain: with a name in Latin letters, who and
    what ("Qingyan Tech raises CNY 200 million", "Google partners with Unitree"); without one, the source and what
    it reports, with a topic and a figure where the event takes them ("晨星快讯 reports a new compute policy",
    "晨星快讯 reports a Series A robot funding round"); without an event, whose news or the source's."""
    whos, topics, figures = latin_names(names, title), latin_topics(title), title_figures(title)
    kinds = event_kinds(title)
    words = EVENTS.get(kinds[0], {}) if kinds else {}
    if whos:
        who = whos[0]
        if figures and "figure" in words:
            return words["figure"].format(who=who, figure=figures[0])
        if len(whos) > 1 and "what" in words:
            return words["what"].format(who=who, what=whos[1])
        if words:
            return words["plain"].format(who=who)
        return (
            FRAME["who_topics"].format(who=who, topics=topics[0])
            if topics
            else FRAME["who_only"].format(who=who)
        )
    noun = words.get("noun", "")
    topic = next((t for t in topics if t.lower() not in noun.lower()), "")
    if noun:
        figure = f"{figures[0]} " if figures and "{figure}" in noun else ""
        said = noun.format(figure=figure, topic=f"{topic} " if topic else "")
        return FRAME["source_reports"].format(source=source, noun=_article(said))
    if topic:
        return FRAME["source_news"].format(source=source, topic=f"{topic} ")
    return FRAME["news_from"].format(source=source)


def frame(title: str, source: str, names: Sequence[str]) -> tuple[str, str]:
    """(headline, line) of a story told only in Chinese (`frame_headline`); the line: "Reported by <source>.
    Figures: …. Original title: “…” (in Chinese).": never a translation, the original quoted. The source is named
    once: not again in the line when the headline names it ("晨星快讯 reports a new release")."""
    figures = title_figures(title)
    headline = frame_headline(title, source, names)
    parts = [] if source in headline else [FRAME["reported"].format(source=source)]
    if figures:
        parts.append(FRAME["figures"].format(figures=", ".join(figures)))
    parts.append(FRAME["original"].format(title=title) + FRAME["in_chinese"])
    return headline, ". ".join(parts) + "."


class EnglishEditor:
    """The English digest of a day from its Chinese one (see the module docstring)."""

    name = "offline"

    def __init__(self, edition: EnglishEdition) -> None:
        self.edition = edition

    def headline(self, story: Story, names: Sequence[str]) -> tuple[str, str, Article]:
        """(headline, frame line or "", the article it comes from) of a story."""
        article = english_article(story)
        if article is not None:
            title = strip_brand(article.item.title, (self.edition.title_prefix,)) or article.item.title
            return fit_clauses(title, HEADLINE_CHARS) or title, "", article
        headline, line = frame(story.primary.item.title, story.primary.item.source, names)
        return headline, line, story.primary

    def entry(
        self, entry: Entry, names: Sequence[str], idf: Mapping[str, float], model: EnglishText | None = None
    ) -> Entry:
        """An entry in English: the model's headline and summary where they passed its checks (`model`,
        editor.bilingual), else the offline headline and cited summary (or the frame line); the category's
        English name."""
        story = entry.story
        headline, line, article = self.headline(story, names)
        text = "" if line else drop_title_lines(article.text or article.item.summary, article.item.title)
        summary = summarize(text, idf) if text and not has_cjk(text) else ""
        model = model or EnglishText()
        return Entry(
            story=story,
            headline=model.headline or headline,
            summary=model.summary or cited_text(summary or line or headline, story, article),
            category=english_category(entry.category),
            region=entry.story.region,
            importance=entry.importance,
            reason="",
            tags=entry.tags,
        )

    def brief(self, brief: Brief, names: Sequence[str], model: EnglishText | None = None) -> Brief:
        """A one-liner: the model's line where it passed its checks (`model`), else the English headline, or the
        frame's headline and line."""
        if model is not None and model.line:
            return Brief(story=brief.story, text=model.line)
        headline, line, _ = self.headline(brief.story, names)
        return Brief(story=brief.story, text=f"{headline}. {line}" if line else headline)

    def follow_up(self, item: FollowUp, names: Sequence[str]) -> FollowUp:
        """A follow-up in English: headline, no model sentence (composed from our records), only figures and names
        written without Chinese, the earlier English post linked only when it exists."""
        headline, _, _ = self.headline(item.story, names)
        linked = self.edition.has_post(item.earlier)
        earlier = self.edition.earlier_headline(item.earlier, item.earlier_anchor) if linked else ""
        return replace(
            item,
            headline=headline,
            news="",
            earlier_headline=earlier or str(_WORDS["follow_up"]["earlier_report"]),
            earlier_link=item.earlier_link if linked else "",
            category=english_category(item.category),
            new_figures=tuple(f for f in item.new_figures if not has_cjk(f)),
            changes=tuple(c for c in item.changes if not (has_cjk(c.before) or has_cjk(c.after))),
        )

    def edit(self, digest: Digest) -> Digest:
        """The English digest of `digest` (its stories, order, anchors, tags and counts kept)."""
        named = digest.story_names
        texts = [a.text for s in digest.stories for a in s.articles if a.text and not has_cjk(a.text)]
        idf = inverse_document_frequency(list(dict.fromkeys(texts)))
        model = digest.english
        entries = tuple(
            self.entry(e, named.get(e.story.id, ()), idf, model.get(e.story.id)) for e in digest.entries
        )
        briefs = tuple(self.brief(b, named.get(b.story.id, ()), model.get(b.story.id)) for b in digest.briefs)
        follow_ups = tuple(self.follow_up(f, named.get(f.thread, ())) for f in digest.follow_ups)
        headlines = [e.headline for e in entries]
        framed = [english_article(e.story) is None for e in entries]  # a source's own headline comes first
        title, shown = compose_title(self.edition.title_prefix, headlines, LANGUAGE, framed, joiner="; ")
        items = [
            LeadItem(e.story.id, e.importance, cited_text(e.headline, e.story, self.headline(e.story, ())[2]))
            for e in entries
        ]
        bullet = str(_WORDS["follow_up"]["bullet"])
        items += [
            LeadItem(f.thread, f.importance, bullet.format(headline=f.headline), follow_up=True)
            for f in follow_ups
        ]
        items += [
            LeadItem(b.story.id, 1, self.headline(b.story, named.get(b.story.id, ()))[0], brief=True)
            for b in briefs
        ]
        summary = lead_bullets(items, frozenset(entries[k].story.id for k in shown))
        return replace(
            digest,
            title=title,
            summary=summary,
            entries=entries,
            briefs=briefs,
            follow_ups=follow_ups,
            tags=_english_tags(digest.tags, self.edition.base_tags, named),
            keywords=_english_tags(digest.keywords, self.edition.base_tags, named),
            description=join_whole(headlines, DESCRIPTION_CHARS, separator="; "),
            categories=tuple(english_category(c) for c in digest.categories),
            story_names={key: latin_first(names) for key, names in named.items()},
            themes=(),
            editor=english_credit(digest, len(entries) + len(briefs)),
            english={},
        )


def english_credit(digest: Digest, stories: int) -> str:
    """Who wrote the English post: "offline" when the model gave no English that passed; its models when it gave
    all of it; its models + "offline" when some is the offline text."""
    if not digest.english:
        return "offline"
    models = digest.editor.removesuffix("+offline")
    complete = sum(text.complete for text in digest.english.values())
    return models if complete == stories and stories else f"{models}+offline"


def latin_first(names: Sequence[str]) -> tuple[str, ...]:
    """A story's names ("星衡智能 / Xingheng AI") with their Latin spelling first ("Xingheng AI / 星衡智能"); a name
    written only in Chinese gains the vocabulary's Latin spelling ("Google / 谷歌"; generator/lang/vocabulary.yml),
    a topic shows that spelling alone ("open source") and a topic without one is left out, as the English post's
    tags leave it (_english_tags)."""
    vocabulary = load_vocabulary()
    shown = []
    for name in names:
        forms = [f.strip() for f in name.split(" / ") if f.strip()]
        if forms and all(has_cjk(f) for f in forms):
            key = name_key(forms[0])
            latin = vocabulary.latin.get(key, "")
            if key in vocabulary.topics or is_topic(forms[0]):
                forms = [latin] if latin else []
            elif latin:
                forms = [latin, *forms]
        if forms:
            shown.append(" / ".join(sorted(forms, key=has_cjk)))
    return tuple(dict.fromkeys(shown))


def english_category(category: str) -> str:
    """A category's English name (words_en "edition" categories); one without an English name is "News"."""
    names: Mapping[str, str] = EDITION["categories"]  # type: ignore[assignment]
    if not category or not has_cjk(category):
        return category
    return names.get(category) or str(_WORDS["post"]["news"])


def _english_tags(
    tags: Sequence[str], base: Sequence[str], names: Mapping[str, Sequence[str]]
) -> tuple[str, ...]:
    """The post's tags for the English edition: its base tags, then the Chinese post's tags in their Latin
    spelling where a story gives one (Digest.story_names), topics written only in Chinese left out (the Chinese
    base tags too)."""
    latin = {}
    for forms in (n.split(" / ") for values in names.values() for n in values):
        spelled = next((f.strip() for f in forms if f.strip() and not has_cjk(f)), "")
        latin.update({f.strip(): spelled for f in forms if spelled and has_cjk(f)})
    chinese_base = set(words_for("zh")["edition"]["base_tags"])  # type: ignore[arg-type]
    shown = [latin.get(t, t) for t in tags if t not in chinese_base and t not in base]
    return tuple(dict.fromkeys([*base, *(t for t in shown if not (has_cjk(t) and is_topic(t)))]))


__all__ = ["CitedText", "EnglishEdition", "EnglishEditor", "english_figure", "frame"]
