"""The offline editor: deterministic ranking, keyword categories and extractive summaries, no network."""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

import jieba

from generator.editor import EditContext
from generator.editor.frame import frame_line, needs_frame
from generator.editor.lead import LeadItem, compose_description, compose_title, lead_bullets
from generator.editor.ranking import categorize, is_relevant, rank_stories
from generator.models import Article, Brief, CitedText, Digest, Entry, FollowUp, Story
from generator.post import FRAME_WORDS, follow_up_bullet
from generator.stories import HEADLINE_CHARS, cited_text, in_language, strip_brand
from generator.text import (
    EN_STOPWORDS,
    fit_clauses,
    fit_sentences,
    has_cjk,
    split_sentences,
    truncate,
)

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger(__name__)

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.+-]*[A-Za-z0-9+]|[A-Za-z]")
SUMMARY_CHARS = 220
_GENERIC_TAGS = frozenset(
    {
        "公司",
        "发布",
        "表示",
        "推出",
        "今天",
        "日前",
        "近日",
        "一个",
        "我们",
        "已经",
        "可以",
        "进行",
        "相关",
        "新闻",
        "报道",
        "宣布",
        "消息",
        "目前",
        "据悉",
        "此次",
        "用户",
        "今年",
        "这一",
        "该公司",
        "ai",
        "AI",
        "智能",
        "生成",
        "科技",
        "技术",
        "支持",
        "提升",
        "能力",
        "模型",
        "大模型",
        "人工智能",
    }
)


def tokenize(text: str) -> list[str]:
    """Words for TF-IDF: jieba for Chinese, lower-case words for latin text; no stopwords or punctuation."""
    tokens: list[str] = []
    if has_cjk(text):
        for word in jieba.lcut(text):
            word = word.strip().lower()
            if len(word) > 1 and (has_cjk(word) or _LATIN.fullmatch(word)) and word not in EN_STOPWORDS:
                tokens.append(word)
    else:
        tokens = [w.lower() for w in _LATIN.findall(text) if w.lower() not in EN_STOPWORDS and len(w) > 1]
    return tokens


def drop_title_lines(text: str, title: str) -> str:
    """Pages often repeat the headline as their first paragraph; a summary should not."""
    heading = re.sub(r"\s+", "", title)
    paragraphs = [p for p in text.split("\n\n") if re.sub(r"\s+", "", p) != heading]
    return "\n\n".join(paragraphs)


# A sentence that opens with a word pointing back ("这种设计…", "该公司…", "It…", "However…"), also after an
# attribution ("Northwind Labs表示，这种设计…"), needs the sentence before it: alone it does not stand.
_ATTRIBUTION = re.compile(
    r"^[^，。,]{0,24}?(?:表示|称|说|介绍|指出|认为|透露|强调|坦言|提到|补充道?)[，,：:]\s*"
)
_BACK_ZH = re.compile(
    r"^(?:这|那|该|其|此外|另外|同时|但|而|并且|因此|所以|不过|然而|对此|他|她|它|此举|此项)"
)
_BACK_EN = re.compile(
    r"^(?:This|These|That|Those|It|Its|They|Their|He|She|His|Her|However|But|Also|Meanwhile|Still|Instead|"
    r"Such|The company|The firm)\b"
)


def points_back(sentence: str) -> bool:
    """Whether a sentence opens (after an attribution such as "X表示，") with a word that points back to what
    the sentence before it said ("这种设计", "该公司", "此外", "It", "However"): it does not stand alone."""
    rest = _ATTRIBUTION.sub("", sentence, count=1)
    return bool(_BACK_ZH.match(rest) or _BACK_EN.match(rest) or _BACK_ZH.match(sentence))


def summarize(text: str, idf: Mapping[str, float], limit: int = SUMMARY_CHARS) -> str:
    """The best-scoring sentences (TF-IDF, lead position bonus) in their order, whole, at most `limit` characters
    together (at most 3, or 4 when one needs the sentence before it). A sentence that points back
    (`points_back`) comes with the sentence before it, or not at all. Never a cut sentence: when no sentence
    fits, the first whole sentence that does not point back (at most twice `limit`), else ""."""
    sentences = [s for s in split_sentences(text) if len(s) >= 8][:40]
    if not sentences:
        return fit_sentences(text, limit)
    scored = []
    for position, sentence in enumerate(sentences):
        tokens = tokenize(sentence)
        if not tokens:
            continue
        weight = sum(idf.get(t, 1.0) for t in set(tokens)) / math.sqrt(len(tokens))
        scored.append((weight * (1.5 if position == 0 else 1.0 / (1 + 0.1 * position)), position, sentence))
    chosen: dict[int, str] = {}
    for _, position, sentence in sorted(scored, reverse=True):
        needed = {position: sentence}
        if points_back(sentence) and position - 1 not in chosen:
            if position == 0 or points_back(sentences[position - 1]):
                continue
            needed[position - 1] = sentences[position - 1]
        if sum(map(len, chosen.values())) + sum(map(len, needed.values())) > limit:
            continue
        chosen.update(needed)
        if len(chosen) >= 3:
            break
    joiner = "" if has_cjk(text) else " "
    if not chosen:
        alone = [s for s in sentences if not points_back(s) and len(s) <= 2 * limit]
        return alone[0] if alone else ""
    return joiner.join(chosen[p] for p in sorted(chosen))


def inverse_document_frequency(documents: Sequence[str]) -> dict[str, float]:
    """{token: idf} over `documents` (smoothed: log((1 + n) / (1 + df)) + 1), for summarize's sentence scores."""
    counts: Counter[str] = Counter()
    for document in documents:
        counts.update(set(tokenize(document)))
    total = len(documents) or 1
    return {token: math.log((1 + total) / (1 + count)) + 1 for token, count in counts.items()}


_NAME = re.compile(r"\b[A-Z][A-Za-z0-9.+-]*[A-Za-z0-9+](?:[ -][A-Z0-9][A-Za-z0-9.+-]*[A-Za-z0-9+])*")
_NOT_NAMES = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Paper Opinion The This That Series Inc Ltd Labs AI".split()
)


def extract_keywords(texts: Sequence[str], limit: int) -> list[str]:
    """Keywords of the day: the names (latin words with a capital, e.g. "Northwind Labs", "Aurora-3") most
    stories mention, then jieba's TF-IDF words over the selected titles and leads."""
    names: Counter[str] = Counter()
    for text in texts:
        names.update({n for n in _NAME.findall(text) if n not in _NOT_NAMES and len(n) > 2})
    import jieba.analyse  # its import loads the part-of-speech tables (~0.4 s): only when a post is written

    words = [
        w for w in jieba.analyse.extract_tags("\n".join(texts), topK=limit * 3) if w not in _GENERIC_TAGS
    ]
    latin = {w.lower() for n in names for w in re.split(r"[ -]", n)}
    words = [w for w in words if w.lower() not in latin and w not in _NOT_NAMES]
    top_names = [n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[:3]]
    merged = list(dict.fromkeys(top_names + words))
    return [w for w in merged if not w.isdigit()][:limit]


SITE_LANGUAGE_BONUS = 1.0  # added to ranking.score_story (a source weight of 1.0 gives 2.0)


def site_article(story: Story, language: str) -> Article:
    """The story's article in the site's language (the primary one when it is), else the primary article."""
    return next((a for a in story.articles if in_language(a, language)), story.primary)


class OfflineEditor:
    """Deterministic and readable; used with no API key and wherever the model fails."""

    name = "offline"

    def edit(self, stories: Sequence[Story], context: EditContext) -> Digest:
        """The AI-relevant stories (ranking.is_relevant), best first: `context.max_entries` written up, the next
        `context.max_briefs` as one-liners. The off-topic ones are left out and counted in `Digest.notes`."""
        relevant = [s for s in stories if is_relevant(s, context)]
        ranked = rank_stories(relevant, context, bonus=lambda s: self.language_bonus(s, context))
        featured = ranked[: context.max_entries]
        rest = ranked[context.max_entries : context.max_entries + context.max_briefs]
        idf = inverse_document_frequency(list(dict.fromkeys(a.text for s in stories for a in s.articles)))
        entries = tuple(self.write_entry(s, context, idf) for s in featured)
        briefs = tuple(self.write_brief(s, context) for s in rest)
        digest = self.compose(entries, briefs, context)
        kept = {s.id for s in relevant}
        off_topic = sorted((s for s in stories if s.id not in kept), key=lambda s: s.id)
        if not off_topic:
            return digest
        log.info("offline editor: %d off-topic stories left out", len(off_topic))
        return replace(digest, notes=(*digest.notes, off_topic_note(off_topic)))

    @staticmethod
    def language_bonus(story: Story, context: EditContext) -> float:
        """The offline editor cannot translate: a story it can tell in the site language ranks higher."""
        return SITE_LANGUAGE_BONUS if any(in_language(a, context.language) for a in story.articles) else 0.0

    @staticmethod
    def headline(story: Story, context: EditContext) -> str:
        """The headline of the story's article in the site language, without our brand; on a Chinese site, for a
        story told only in other languages, its Chinese frame (generator.editor.frame); whole or its leading whole
        clauses within HEADLINE_CHARS, never cut."""
        article = site_article(story, context.language)
        title = strip_brand(article.item.title, (context.title_prefix,)) or strip_brand(
            story.title, (context.title_prefix,)
        )
        if _chinese_site(context) and needs_frame(title):
            return frame_line(article.item.title, article.item.source)[0]
        return fit_clauses(title, HEADLINE_CHARS) or title

    @staticmethod
    def is_framed(story: Story, context: EditContext) -> bool:
        """Whether the story is told by its Chinese frame: a Chinese site, no headline in Chinese."""
        return _chinese_site(context) and needs_frame(site_article(story, context.language).item.title)

    def write_brief(self, story: Story, context: EditContext) -> Brief:
        """A one-liner: the headline (`headline`); a framed one (a story told only in other languages on a Chinese
        site) also quotes its original headline as 原文标题."""
        article = site_article(story, context.language)
        if _chinese_site(context) and needs_frame(article.item.title):
            return Brief(story=story, text=frame_line(article.item.title, article.item.source)[1])
        return Brief(story=story, text=self.headline(story, context))

    def write_entry(self, story: Story, context: EditContext, idf: Mapping[str, float]) -> Entry:
        """One featured story: the headline and an extractive summary in the site language where the story has an
        article in it (a page's text first, then a feed summary), the category by keywords (ranking.categorize).
        On a Chinese site the summary is taken only from Chinese text; a story without any gets its Chinese frame
        (generator.editor.frame): what is certain, the source and the original headline, never untranslated
        sentences."""
        category = categorize(story, context.categories, context.category_keywords)
        local = site_article(story, context.language)
        headline = self.headline(story, context)
        candidates = [a for a in (local, story.primary) if a.extracted] + [local, story.primary]
        texts = [
            (a, drop_title_lines(a.text or a.item.summary, a.item.title))
            for a in candidates
            if (a.text or a.item.summary).strip()
        ]
        texts = [(a, t) for a, t in texts if t.strip() and (has_cjk(t) or not _chinese_site(context))]
        if texts:
            summary = cited_text(summarize(texts[0][1], idf), story, texts[0][0])
        else:
            framed = local if needs_frame(local.item.title) else story.primary
            line = frame_line(framed.item.title, framed.item.source)[1]
            reported = FRAME_WORDS["reported"].format(source=framed.item.source)
            summary = cited_text(f"{reported}：{line}。", story, framed)
        return Entry(
            story=story,
            headline=headline or story.title,
            summary=summary,
            category=category,
            region=story.region_label,
            importance=min(5, 2 + len(story.articles)),
            reason="多家来源报道" if len(story.source_names) > 1 else "",
        )

    def compose(self, entries: Sequence[Entry], briefs: Sequence[Brief], context: EditContext) -> Digest:
        """Title, summary bullets, tags and description from the entries (also used to complete a model's
        digest): the title names the best one or two, the bullets lead with the next (generator.editor.lead);
        the day's follow-ups (`context.follow_ups`) take their place among the bullets by importance."""
        headlines = [strip_brand(e.headline, (context.title_prefix,)) for e in entries]
        framed = [self.is_framed(e.story, context) for e in entries]
        title, named = compose_title(context.title_prefix, headlines, context.language, framed)
        items = [
            LeadItem(e.story.id, e.importance, self.cited_headline(e.story, h, context))
            for e, h in zip(entries, headlines, strict=True)
        ]
        follow_ups = tuple(self.file_follow_up(f, context) for f in context.follow_ups)
        items += [LeadItem(f.thread, f.importance, follow_up_line(f), follow_up=True) for f in follow_ups]
        items += [
            LeadItem(
                b.story.id,
                1,
                self.cited_headline(b.story, self.headline(b.story, context), context),
                brief=True,
            )
            for b in briefs
        ]
        texts = [f"{e.headline}。{e.summary}" for e in entries]
        keywords = extract_keywords(texts, 8)
        tags = tuple(dict.fromkeys([*context.base_tags, *keywords[:5]]))
        return Digest(
            day=context.day,
            title=title,
            summary=lead_bullets(items, frozenset(entries[k].story.id for k in named)),
            entries=tuple(entries),
            briefs=tuple(briefs),
            tags=tags,
            keywords=tuple(dict.fromkeys([*context.base_tags, *keywords])),
            description=compose_description([h for h in headlines if h]),
            editor=self.name,
            items_read=context.items_read,
            categories=context.categories,
            notes=context.notes,
            follow_ups=follow_ups,
        )

    def cited_headline(self, story: Story, headline: str, context: EditContext) -> str:
        """A headline as a line of the first screen, citing the article it was taken from (the story's article in
        the site language, whose headline or frame it is); a headline a model wrote stays plain."""
        if headline != self.headline(story, context):
            return headline
        return cited_text(headline, story, site_article(story, context.language))

    @staticmethod
    def file_follow_up(item: FollowUp, context: EditContext) -> FollowUp:
        """A follow-up under one of the day's categories: the one its story had, else by keywords."""
        if item.category in context.categories:
            return item
        return replace(item, category=categorize(item.story, context.categories, context.category_keywords))


def follow_up_line(item: FollowUp) -> CitedText:
    """A follow-up's line of the first screen ("后续：<headline>"), citing today's article whose headline it is."""
    article = next((a for a in item.story.articles if a.item.title == item.headline), item.story.primary)
    return cited_text(follow_up_bullet(item), item.story, article)


def _chinese_site(context: EditContext) -> bool:
    return context.language.lower().startswith("zh")


def off_topic_note(stories: Sequence[Story], shown: int = 5) -> str:
    """The run summary's line about the stories the AI-relevance check left out."""
    titles = "; ".join(f"“{truncate(s.title, 50)}”" for s in stories[:shown])
    more = f" and {len(stories) - shown} more" if len(stories) > shown else ""
    return f"{len(stories)} off-topic stor{'y' if len(stories) == 1 else 'ies'} left out (AI relevance): {titles}{more}"
