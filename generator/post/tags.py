"""Pure: one canonical form per tag, across editors and days.

Material's tags plugin gives every tag an anchor made by lower-casing and slugifying it, so "AI", "ai" and "Ai"
become three tags that share one anchor on the tags page, and two of them cannot be reached. A tag's key ignores
case, width (NFKC) and the spaces and dashes people put in names ("GPT-5", "GPT 5", "gpt5"); the form shown is the
configured one (`post.base_tags`), else the first one the site used (the oldest post), else the first one offered
today.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from generator.lang import Vocabulary, glossed_pairs, name_key, pinyin_keys, text_names, vocabulary_keys
from generator.models import Digest, Story
from generator.text import clean_line


def tag_key(tag: str) -> str:
    """What makes two tags the same: NFKC, case-folded, without spaces, dashes, dots and middle dots
    (lang.name_key of the cleaned line)."""
    return name_key(clean_line(tag))


def known_forms(tag_lists: Iterable[Iterable[str]]) -> dict[str, str]:
    """{key: form} from tag lists in the order given (oldest post first): the first form of a key wins."""
    forms: dict[str, str] = {}
    for tags in tag_lists:
        for tag in tags:
            key = tag_key(tag)
            if key:
                forms.setdefault(key, clean_line(tag))
    return forms


def canonical_tags(tags: Iterable[str], known: Mapping[str, str]) -> tuple[str, ...]:
    """`tags` in their canonical forms (`known` first, else the first form in `tags`), each key once, order kept.

    Returns a tuple of non-empty tags; an empty or separator-only tag is dropped.
    """
    chosen: dict[str, str] = {}
    for tag in tags:
        key = tag_key(tag)
        if key and key not in chosen:
            chosen[key] = known.get(key) or clean_line(tag)
    return tuple(chosen.values())


# Tags that name things (issue 19, item 3): each story's names and topics, one form per entity across languages.
STORY_TAGS = 4  # tags per story (names first, then at most one topic)
POST_TAGS = (
    5  # tags per post besides the base tags (Material repeats them in every section of the search index)
)
LEAD_CHARS = 400  # of each article's text read for names besides its headline


@dataclass(frozen=True)
class Tagger:
    """What tags a story: the vocabulary, the site's language (a name's form in it is preferred) and the forms the
    site used before ({tag key: form}, oldest first: post.tags.known_forms)."""

    vocabulary: Vocabulary
    language: str = "zh"
    known: Mapping[str, str] = field(default_factory=dict)

    def story_tags(self, texts: Sequence[tuple[str, str]], inherited: Sequence[str] = ()) -> tuple[str, ...]:
        """The story's tags (see tag_story)."""
        return self.tag_story(texts, inherited)[0]

    def tag_story(
        self, texts: Sequence[tuple[str, str]], inherited: Sequence[str] = ()
    ) -> tuple[tuple[str, ...], dict[str, tuple[str, ...]]]:
        """A story's tags from its articles' (headline, lead text): `inherited` ones first (a follow-up keeps its
        thread's tags), then the names its headlines give, then those its leads repeat or gloss, then one
        vocabulary topic of its headlines; one form per entity (names glossed in brackets, vocabulary
        spellings and the thread's tags are one entity), at most STORY_TAGS besides the inherited."""
        entities = _Entities(self)
        inherited = [_inherit(entities, tag) for tag in inherited]
        for headline, lead in texts:
            for pair in glossed_pairs(lead):
                entities.same(*pair)
            for name, count in text_names(headline, self.vocabulary).items():
                entities.add(name, 10.0 + count)
            for name, count in text_names(lead[:LEAD_CHARS], self.vocabulary).items():
                entities.add(name, count if count > 1 or _glossed(name, lead) else 0.5)
        entities.merge_spellings()
        headlines = [h for h, _ in texts]
        topics = [k for k in vocabulary_keys(headlines, self.vocabulary) if k in self.vocabulary.topics]
        names = [t for t in entities.ranked(minimum=1.0) if name_key(t) not in self.vocabulary.topics]
        own = [t for t in names if t not in inherited][: max(0, STORY_TAGS - 1)]
        topic = [self.vocabulary.forms[topics[0]]] if topics else []
        tags = tuple(dict.fromkeys([*inherited, *own, *topic]))
        return tags, {tag: others for tag in tags if (others := entities.other_script(tag))}


def _inherit(entities: _Entities, tag: str) -> str:
    """Add an inherited tag, written "星织2 / StarWeave-2" when the thread's record knew its other spellings (those
    join it); return the tag itself."""
    shown, *others = [part.strip() for part in tag.split(" / ") if part.strip()] or [tag]
    entities.add(shown, 100.0)
    for other in others:
        entities.same(shown, other)
    return shown


def _glossed(name: str, lead: str) -> bool:
    return any(name in pair for pair in glossed_pairs(lead))


class _Entities:
    """Names with scores, grouped into entities (one form each)."""

    def __init__(self, tagger: Tagger) -> None:
        self.tagger = tagger
        self.scores: dict[str, float] = {}
        self.forms: dict[str, list[str]] = {}
        self.group: dict[str, str] = {}  # name key → entity key

    def entity(self, name: str) -> str:
        key = name_key(name)
        key = name_key(self.tagger.vocabulary.forms.get(key, name))
        return self.group.get(key, key)

    def add(self, name: str, score: float) -> None:
        entity = self.entity(name)
        if not entity:
            return
        self.scores[entity] = self.scores.get(entity, 0.0) + score
        self.forms.setdefault(entity, []).extend(
            [name] * max(1, round(score))
        )  # a headline's form weighs most

    def same(self, chinese: str, latin: str) -> None:
        """Make two spellings one entity (the Chinese one's group absorbs the Latin one's)."""
        keep, merge = self.entity(chinese), self.entity(latin)
        if keep == merge or not keep or not merge:
            return
        self.group[merge] = keep
        for key, value in list(self.group.items()):
            if value == merge:
                self.group[key] = keep
        self.scores[keep] = self.scores.get(keep, 0.0) + self.scores.pop(merge, 0.0)
        self.forms.setdefault(keep, []).extend(self.forms.pop(merge, []) or [latin])

    def merge_spellings(self) -> None:
        """One entity for a name and a longer one that starts with it ("Lumenary", "Lumenary Robotics"), and
        for a Latin name that spells a Chinese one by its pinyin ("Xingheng AI", 星衡智能)."""
        forms = {entity: self.forms[entity][0] for entity in self.forms}
        for entity, form in forms.items():
            if entity not in self.forms:
                continue
            first = form.split()[0].casefold()
            for other, other_form in forms.items():
                if other == entity or other not in self.forms:
                    continue
                if _HAN.search(other_form) and not _HAN.search(form):
                    if len(first) >= 5 and first.isalpha() and first in pinyin_keys(other_form):
                        self.same(other_form, form)
                elif other_form.startswith(form + " ") and not _HAN.search(form):
                    self.same(form, other_form)

    def form(self, entity: str) -> str:
        """The vocabulary's form, else the site's earlier form, else the first form in the site's language."""
        forms = self.forms.get(entity, [entity])
        keys = [name_key(f) for f in forms]
        vocabulary, known = self.tagger.vocabulary.forms, self.tagger.known
        for key in keys:
            if key in vocabulary:
                return vocabulary[key]
        for key in keys:
            if key in known:
                return known[key]
        chinese = self.tagger.language.lower().startswith("zh")
        preferred = [f for f in forms if chinese == bool(_HAN.search(f))] or forms
        counts = Counter(preferred)
        return max(preferred, key=lambda f: (counts[f], -preferred.index(f)))  # the most used, then the first

    def other_script(self, form: str) -> tuple[str, ...]:
        """The spellings of the entity shown as `form` in the other script (Chinese ↔ Latin), most used first."""
        forms = self.forms.get(self.entity(form), [])
        others = Counter(f for f in forms if bool(_HAN.search(f)) != bool(_HAN.search(form)))
        return tuple(f for f, _ in others.most_common(2))

    def ranked(self, minimum: float) -> list[str]:
        order = sorted(self.scores, key=lambda e: -self.scores[e])
        return [self.form(e) for e in order if self.scores[e] >= minimum]


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


def post_tags(
    story_tag_lists: Sequence[Sequence[str]], base: Sequence[str], limit: int = POST_TAGS
) -> tuple[str, ...]:
    """The post's tags: the `base` tags, then the stories' tags taken in turns (each story's first, then each
    one's second…, stories in the post's order, best first), each entity once, at most `limit` besides the base."""
    chosen: dict[str, str] = {tag_key(t): t for t in base if tag_key(t)}
    depth = max((len(t) for t in story_tag_lists), default=0)
    for rank in range(depth):
        for tags in story_tag_lists:
            if rank < len(tags) and len(chosen) < len(base) + limit:
                chosen.setdefault(tag_key(tags[rank]), tags[rank])
    return tuple(chosen.values())


def story_texts(story: Story, written: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(headline, lead) of each article of a story (its page's text, else its feed summary), and of what the post
    writes about it (`written`: headline, then summary)."""
    texts = [(a.item.title, a.text or a.item.summary) for a in story.articles]
    if written:
        texts.append((written[0], " ".join(written[1:])))
    return texts


def tag_digest(
    digest: Digest, tagger: Tagger, threads: Mapping[str, Sequence[str]], base: Sequence[str]
) -> Digest:
    """The digest with tags that name things: each entry's, one-liner's and follow-up's tags (Tagger.story_tags;
    a follow-up inherits the tags its thread's latest record has, `threads` {thread id: tags}) in
    `Digest.story_tags` {story id, or a follow-up's thread id: tags} and the entries' `tags`, with their spellings
    in the other script in `Digest.story_names` ("星织2 / StarWeave-2"); the post's `tags`
    (post_tags over the entries, follow-ups and one-liners in that order) and `keywords` (those tags, then the
    stories' other tags, at most 12 besides the base)."""
    tagged: dict[str, tuple[str, ...]] = {}
    named: dict[str, tuple[str, ...]] = {}

    def tag(key: str, texts: list[tuple[str, str]], inherited: Sequence[str] = ()) -> tuple[str, ...]:
        tags, others = tagger.tag_story(texts, inherited)
        tagged[key] = tags
        named[key] = tuple(" / ".join((t, *others.get(t, ()))) for t in tags)
        return tags

    entries = [
        replace(e, tags=tag(e.story.id, story_texts(e.story, (e.headline, e.summary))))
        for e in digest.entries
    ]
    for follow_up in digest.follow_ups:
        inherited = [t for t in threads.get(follow_up.thread, ()) if t]
        tag(follow_up.thread, story_texts(follow_up.story, (follow_up.headline,)), inherited)
    for brief in digest.briefs:
        tag(brief.story.id, story_texts(brief.story, (brief.text,)))
    lists = list(tagged.values())
    tags = post_tags(lists, base)
    keywords = post_tags([tags, *lists], base, limit=12)
    return replace(
        digest, entries=tuple(entries), tags=tags, keywords=keywords, story_tags=tagged, story_names=named
    )
