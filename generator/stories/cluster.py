"""Pure: which articles tell the same story, within one language and across Chinese and English.

`story_score(a, b)` weighs the evidence that two articles report one event (0 = none; `SAME_STORY` and above = the
same story); `same_story(a, b)` compares it with the threshold; `stories_match(a, b)` asks the same of two stories
(for checking a model's `same_story_as`); `cluster_articles` groups a day's articles.

The evidence (`score_profiles`; each part tested in tests/test_cluster.py), from the headline and the lead (the first
`LEAD_CHARS` of the page text, else the feed summary):
- two headlines in one script: Dice of their tokens (`title_tokens`: CJK bigrams, stemmed words, numbers), plus
  `W_BODY` × Dice of the leads when the headlines share anything (leads alone may be one boilerplate text), and
  `W_FACT` when they are about one subject and report one kind of event with a figure, a version or another name
  in common (`_one_fact`);
- a Chinese and an English headline: `W_NAME` per shared name (generator.lang.names: Latin names, Chinese names against
  their pinyin, known aliases, names a Chinese lead glosses in brackets, names written by sound, the name both
  headlines open with however short its pinyin), `W_NUMBER` per number read alike
  (generator.lang.quantities: 七百亿 ↔ 70B, 八成 ↔ 80%, B轮 ↔ Series B), `W_CONCEPT` per topic word of the glossary
  (generator.lang.glossary), `W_VERSION` per shared product version;
- either way, `W_LEAD` × `W_NAME` per name or number of one headline found only in the other's lead;
- the kind of event (`EVENTS`: funding, release, lawsuit, hiring, a figure reached, a rule…): the same kind adds
  `W_EVENT`, two different kinds (a company's funding round and its model release; 30 million users reached and a
  30-million fine) take `P_EVENT` away, whatever figure they share;
- `P_AMOUNT` off when both headlines give amounts and none agree (`P_COUNT` for counts; a Chinese and an English
  count in common of two kinds of things takes `W_NUMBER` + `P_COUNT`: slots.counted_conflict), `P_HEAD` off when
  neither headline's first name (`head`) appears in the other article (two companies doing the same thing),
  `P_NAMES` off when each headline names something the other article does not (one company buying two startups;
  sentence-case headlines only; a Chinese headline's quoted names count against another Chinese headline),
  `P_FRAME` more when the rest of the two headlines is one sentence (slots.one_frame: with another name, another head
  or another role in its place), `P_NAMES` + `P_FRAME` off for one sentence with another figure, name or topic in
  its one slot (generator.stories.slots);
- `P_ROLE` off for two roles ("CEO" / "CFO": two people), `P_EVENT` more for a hire and a departure, `P_SUBJECT` for
  one actor's two rules (slots.subject_conflict), `P_NAMES` for one company's deals with two parties (also a Chinese
  party against an English one in pinyin); `W_FACT` counts only where no different parties are named, `W_WHOLE`
  adds for a Chinese and an English headline that read alike as a whole (`_read_alike`);
- 0 for two versions of one product ("GPT-5" vs "GPT-4.5", "玄枢4" vs "Xuanshu-3.5") and for one source.
The weights and `SAME_STORY` were tuned on tests/data/story_pairs_tuning.tsv and measured on seven held-out sets
(tests/data/story_pairs_heldout*.tsv; hand-written same-story / different-story pairs, zh, en and zh-en); the
figures and how each set was used are in tests/test_cluster.py, and `scripts/bench cluster` prints them. Headlines
and leads in traditional Chinese are read as simplified (generator.lang.hanzi); a foreign name written by sound meets
its spelling (names.chinese_sounds, names.opening_sounds); a name one Chinese lead glosses in brackets holds for the
day (`day_glossary`).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from generator.lang import (
    amount_conflict,
    chinese_sounds,
    count_conflict,
    english_sound_forms,
    events_conflict,
    heads_sound_alike,
    pinyin_keys,
    pinyin_matches,
    sound_matches,
    spelled_in_pinyin,
    version_conflict,
)
from generator.models import Article, Story
from generator.stories.profile import HEAD_SKIP, NAME_SUFFIXES, Profile, day_glossary, joined_names, profile
from generator.stories.slots import (
    counted_conflict,
    dice,
    figure_frame,
    one_frame,
    role_frame,
    slot_conflict,
    subject_conflict,
)
from generator.text import title_tokens

SAME_STORY = 0.4  # story_score from which two articles are one story (the config's dedupe.similarity)
W_NAME = 0.15  # a distinctive name shared by the headlines
W_NUMBER = 0.2  # a number shared by the headlines
W_LEAD = 0.5  # a name or number of one headline found only in the other's lead: this share of W_NAME
W_BODY = 0.6  # Dice of the two leads (same language)
W_CONCEPT = 0.1  # a glossary concept named by both headlines (across languages)
W_VERSION = 0.2  # the same product version ("玄枢4" and "Xuanshu-4")
W_EVENT = 0.05  # the same kind of event
W_WHOLE = 0.1  # a Chinese and an English headline read alike as a whole (`_read_alike`)
W_FACT = 0.1  # one language, one subject, one kind of event and a figure or version in common (`_one_fact`)
P_EVENT = 0.3  # two different kinds of event
P_AMOUNT = 0.3  # both headlines give amounts (a million or more), none in common
P_COUNT = 0.15  # both headlines count things, no count in common (a follow-up counts other things)
P_HEAD = 0.3  # each headline's first name is missing from the other (two companies doing the same thing)
P_NAMES = 0.3  # each headline has a name the other lacks (one company acquiring two startups, two products)
P_FRAME = 0.3  # … and the rest of the two headlines is one frame: one sentence with another name in its slot
P_ROLE = 0.3  # both headlines name people by their role, no role in common (a CEO's news and a CFO's)
P_SUBJECT = 0.3  # one actor, one language, nothing else in common, each headline on a topic the other lacks


def _shared_names(a: Profile, b: Profile) -> set[str]:
    shared = set(a.names & b.names)
    if a.chinese != b.chinese:
        zh, en = (a, b) if a.chinese else (b, a)
        shared |= pinyin_matches(en.names, zh.pinyin) | sound_matches(en.names, zh.sounds)
        shared |= pinyin_matches(joined_names(en), zh.pinyin)  # "Lin Che" ↔ 林澈 (linche)
        if en.head.isalpha() and en.head in zh.head_pinyin:  # both open with one name, however short ("Bibo")
            shared.add(en.head)
    return shared


def _in_lead(names: frozenset[str], other: Profile) -> set[str]:
    """The headline names of one article that the other article's lead mentions (by name or pinyin)."""
    return (
        {n for n in names if n in other.lead_names}
        | pinyin_matches(names, other.lead_pinyin)
        | sound_matches(names, other.lead_sounds)
    )


def _mentions(owner: Profile, other: Profile) -> bool:
    """Whether the head word of `owner` appears in the other article: its headline (literally, as a name, as the
    pinyin of its Chinese) or its lead; a Chinese head meets an English article through its pinyin."""
    word = owner.head
    if (
        not word
        or word in other.text
        or word in other.names
        or word in other.lead_names
        or word in other.lead
    ):
        return True
    if owner.head_pinyin:
        return not other.chinese and any(p in other.text or p in other.lead_names for p in owner.head_pinyin)
    return bool(
        pinyin_matches((word,), other.pinyin, other.lead_pinyin)
        or sound_matches((word,), other.sounds, other.lead_sounds)
    )


def _own_names(owner: Profile, other: Profile) -> set[str]:
    """The names of `owner`'s headline that the other article does not mention (suffixes and openers aside), its
    Chinese names in quotes among them when the other is Chinese too (as written, by pinyin or by a Latin name a
    lead glosses them with; an English report may translate such a name by meaning: 银河2 ↔ Galaxy-2)."""
    own = set()
    for name in owner.names - NAME_SUFFIXES - HEAD_SKIP:
        if name in other.text or name in other.names or name in other.lead_names or name in other.lead:
            continue
        if other.chinese and (
            pinyin_matches((name,), other.pinyin, other.lead_pinyin)
            or sound_matches((name,), other.sounds, other.lead_sounds)
        ):
            continue
        own.add(name)
    for name, spellings in (
        owner.quoted if other.chinese else ()
    ):  # in English it may be translated by meaning
        if not any(s in other.text or s in other.names or s in other.lead_names for s in spellings):
            own.add(name)
    return own


def _names_conflict(a: Profile, b: Profile) -> bool:
    """Both headlines name something the other does not, in sentence case (a title-case headline capitalises every
    word, so its names cannot be told from its words)."""
    if a.title_case or b.title_case:
        return False
    return bool(_own_names(a, b)) and bool(_own_names(b, a))


def _one_fact(a: Profile, b: Profile) -> bool:
    """Two headlines in one language about one subject (the same `head`) that report one kind of event with a
    figure, a product version, another name or two glossary topics in common (岚桥编程模型登顶评测榜单 /
    岚桥代码模型在评测中排名第一: coding, a benchmark): "Corvid Systems lays off 200 employees" / "Chipmaker Corvid
    cuts 200 jobs", "Pike Motors begins robotaxi service in Ashford" / "Pike launches driverless taxi rides in
    Ashford", however else they are worded."""
    others = (a.names & b.names) - {a.head} - NAME_SUFFIXES
    return bool(
        a.head
        and a.head == b.head
        and a.events & b.events
        and (a.numbers & b.numbers or a.versions & b.versions or others or _one_topic(a, b))
    )


def _one_topic(a: Profile, b: Profile) -> bool:
    """Two glossary topics in common and the same figures (or none): one thing said in other words."""
    return len(a.concepts & b.concepts) >= 2 and a.numbers == b.numbers


def _counterpart_conflict(a: Profile, b: Profile) -> bool:
    """One company's deals with two different parties: two Chinese headlines that name each a party the other does
    not; a Chinese headline whose party (`Profile.counterpart`) the English article does not name (as written, by
    pinyin or by sound) while the English headline names someone in pinyin the Chinese article does not."""
    if a.chinese and b.chinese:
        one, other = a.counterpart, b.counterpart
        return bool(one and other) and not (
            title_tokens(one) & (b.title | b.lead) or title_tokens(other) & (a.title | a.lead)
        )
    if a.chinese == b.chinese:
        return False  # two English headlines: _names_conflict
    zh, en = (a, b) if a.chinese else (b, a)
    party = zh.counterpart
    if not party or not any(spelled_in_pinyin(n) for n in _own_names(en, zh)):
        return False  # an English name of words may translate the Chinese party's (深蓝银行 ↔ Deepblue Bank)
    names = en.names | en.lead_names
    named = (
        title_tokens(party) & (en.title | en.lead)
        or pinyin_matches(names, pinyin_keys(party))
        or sound_matches(names, chinese_sounds(party))
    )
    return not named


def _read_alike(a: Profile, b: Profile, names: set[str]) -> bool:
    """A Chinese and an English headline that say the same as a whole, short as they may be ("澄江科技CEO离职" /
    "Chengjiang Tech CEO resigns"): they open with one name (a shared name, or heads that sound alike), report the
    same kinds of event (or none), name the same glossary topics, and no name, product or figure of one is missing
    from the other."""
    zh, en = (a, b) if a.chinese else (b, a)
    if not en.head or not (en.head in names or heads_sound_alike(en.head, zh.head)):
        return False
    if _own_names(en, zh) or a.versions != b.versions or zh.quoted:
        return False  # a name or a product of one is not in the other
    return a.events == b.events and bool(a.concepts) and a.concepts == b.concepts and a.numbers == b.numbers


def _head_conflict(a: Profile, b: Profile) -> bool:
    """Neither headline's first name (`head`) appears in the other article, nor do a Chinese and an English head
    sound alike (lang.heads_sound_alike: 马洛 ↔ Marlowe)."""
    if not (a.head and b.head) or _mentions(a, b) or _mentions(b, a):
        return False
    if a.chinese != b.chinese:
        zh, en = (a, b) if a.chinese else (b, a)
        return not heads_sound_alike(en.head, zh.head)
    return True


def score_profiles(a: Profile, b: Profile) -> float:
    """story_score for two read articles."""
    if a.source == b.source or version_conflict(set(a.versions), set(b.versions)):
        return 0.0
    names = _shared_names(a, b)
    numbers = a.numbers & b.numbers
    lead_hits = (_in_lead(a.names | a.numbers, b) | _in_lead(b.names | b.numbers, a)) - names - numbers
    score = W_LEAD * W_NAME * len(lead_hits)
    names_conflict = _names_conflict(a, b)
    if a.chinese == b.chinese:
        title = dice(a.title, b.title)
        score += title
        if a.has_lead and b.has_lead and (title or names):  # leads alone: maybe one boilerplate text
            score += W_BODY * dice(a.lead, b.lead)
        if _one_fact(a, b) and not names_conflict:  # a shared fact of two parties' news is no evidence
            score += W_FACT
    else:
        score += W_NAME * len(names) + W_NUMBER * len(numbers) + W_CONCEPT * len(a.concepts & b.concepts)
        score += W_WHOLE if _read_alike(a, b, names) else 0.0
    score += W_VERSION * len(a.versions & b.versions)
    if a.events & b.events:
        score += W_EVENT
    elif events_conflict(a.events, b.events):
        score -= P_EVENT
    if a.moves and b.moves and not a.moves & b.moves:
        score -= P_EVENT  # a hire and a departure
    if amount_conflict(a.numbers, b.numbers):
        score -= P_AMOUNT
    elif count_conflict(a.numbers, b.numbers):
        score -= P_COUNT
    if counted_conflict(a, b):
        score -= W_NUMBER + P_COUNT  # one count of two kinds of things: no shared fact, two counts
    if _counterpart_conflict(a, b):
        score -= P_NAMES
    roles_conflict = bool(a.roles and b.roles) and not a.roles & b.roles
    if roles_conflict:
        score -= P_ROLE
    elif bool(a.roles) != bool(b.roles) and (a.events | b.events) - (a.events & b.events):
        score -= P_ROLE / 2  # one is about a person of the company (another kind of event), the other is not
    if subject_conflict(a, b):
        score -= P_SUBJECT
    heads_conflict = _head_conflict(a, b)
    if heads_conflict:
        score -= P_HEAD
    if names_conflict:
        score -= P_NAMES
    slot = slot_conflict(a, b) or (a.chinese == b.chinese and figure_frame(a, b))
    if slot and not (names_conflict or heads_conflict or roles_conflict):
        score -= P_NAMES  # another figure, name or topic in one place of one sentence
    if (
        slot
        or (names_conflict and one_frame(a, b, _own_names(a, b), _own_names(b, a)))
        or (heads_conflict and one_frame(a, b, {a.head}, {b.head}))
        or (roles_conflict and one_frame(a, b, set(), set(), role_frame))
    ):
        score -= P_FRAME
    return max(score, 0.0)


def story_score(a: Article, b: Article) -> float:
    """How strongly two articles look like one story: 0 for none, `SAME_STORY` (0.4) and above for the same story.

    Not bounded by 1 (more shared names and numbers, more evidence). 0 for two articles of one source and for two
    versions of one product. See the module docstring for the evidence.
    """
    glossary = day_glossary((a, b))
    return score_profiles(profile(a, glossary), profile(b, glossary))


def same_story(a: Article, b: Article, threshold: float = SAME_STORY) -> bool:
    """The clustering's decision for one pair of articles: story_score(a, b) >= threshold.

    This is the call for anything that must agree with the clustering (e.g. checking a model's `same_story_as`).
    """
    return round(story_score(a, b), 6) >= threshold


def stories_match(a: Story, b: Story, threshold: float = SAME_STORY) -> bool:
    """Whether two stories (e.g. two the model says are one: `same_story_as`) are one by the offline evidence too:
    more than half of the article pairs across them are `same_story` (the rule `cluster_articles` joins groups by).

    Two stories that share an article match; articles of one source count as not the same story.
    """
    if {x.item.url for x in a.articles} & {y.item.url for y in b.articles}:
        return True
    cross = [(x, y) for x in a.articles for y in b.articles]
    return 2 * sum(1 for x, y in cross if same_story(x, y, threshold)) > len(cross)


def pair_scores(profiles: Sequence[Profile]) -> dict[tuple[int, int], float]:
    """story_score of every pair (i < j) that can share evidence (a headline token, a name, a number or a glossary
    concept, also in the lead; an English name and Chinese pinyin); the pairs that score 0 are left out."""
    postings: dict[str, set[int]] = {}
    pinyin: dict[str, set[int]] = {}
    for index, p in enumerate(profiles):
        for key in p.title | p.names | p.numbers | p.lead_names | {f"concept:{c}" for c in p.concepts}:
            postings.setdefault(key, set()).add(index)
        for key in p.pinyin | p.lead_pinyin | p.sounds | p.lead_sounds:
            pinyin.setdefault(key, set()).add(index)
    candidates = {pair for ids in postings.values() if 1 < len(ids) for pair in combinations(sorted(ids), 2)}
    for index, p in enumerate(profiles):
        for name in p.names if not p.chinese else ():
            for key in (name, *english_sound_forms(name)):
                for other in pinyin.get(key, ()):
                    candidates.add((min(index, other), max(index, other)))
    scores = {}
    for i, j in sorted(candidates):
        score = score_profiles(profiles[i], profiles[j])
        if score > 0:
            scores[(i, j)] = score
    return scores


def cluster_articles(articles: Sequence[Article], threshold: float = SAME_STORY) -> list[Story]:
    """Group articles about the same event into stories; deterministic order (by first publication, then id).

    Pairs are merged from the highest story_score down. Two groups join only when more than half of the pairs
    across them score `threshold` or more, so a chain of loosely related articles does not become one story.
    Within a story the heavier source leads, then the extracted page, then the earlier item.
    """
    glossary = day_glossary(articles)
    scores = pair_scores([profile(a, glossary) for a in articles])
    members: dict[int, list[int]] = {i: [i] for i in range(len(articles))}
    group_of = list(range(len(articles)))
    scores = {pair: round(score, 6) for pair, score in scores.items()}
    ranked = sorted((pair for pair, s in scores.items() if s >= threshold), key=lambda p: (-scores[p], p))
    for i, j in ranked:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        cross = [(min(x, y), max(x, y)) for x in members[gi] for y in members[gj]]
        linked = sum(1 for pair in cross if scores.get(pair, 0.0) >= threshold)
        if 2 * linked <= len(cross):
            continue
        for k in members[gj]:
            group_of[k] = gi
        members[gi].extend(members.pop(gj))
    stories = [
        Story(
            tuple(
                sorted(
                    (articles[k] for k in group),
                    key=lambda a: (-a.item.weight, -a.extracted, a.item.published, a.item.id),
                )
            )
        )
        for group in members.values()
    ]
    return sorted(stories, key=lambda s: (s.published, s.id))


def conflict(a: Article, b: Article) -> str:
    """Why two articles cannot be one story whatever else they share: "version" (one product, other versions:
    "GPT-5" vs "GPT-4.5"), "amount" (both headlines give amounts, or funding rounds, none in common); "" when
    nothing conflicts.

    For checks from outside the clustering (a model's `same_story_as`); the same rules as `score_profiles`.
    """
    glossary = day_glossary((a, b))
    pa, pb = profile(a, glossary), profile(b, glossary)
    if version_conflict(set(pa.versions), set(pb.versions)):
        return "version"
    return "amount" if amount_conflict(pa.numbers, pb.numbers) else ""
