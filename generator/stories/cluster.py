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
  adds for a Chinese and an English headline that read alike as a whole (`read_alike`);
- the dictionary (generator.lang.lexicon, CC-CEDICT): `W_GLOSS` per word of a Chinese headline an English one says
  too (推理 ↔ "inference"; not the event's own words, and only beside a shared name), and per pair of words of
  one meaning in two Chinese headlines of one actor (每天 / 日常, 补贴 / 资助); in the one slot of one sentence,
  words of the dictionary none alike are two things (召回 / 交付, 病理 / 超声), and so are what two counts count;
- which way the event turns (generator.lang.turns, naming.place_conflict, slots): `P_EVENT` for a plan and its
  delay, for a company suing and the same company sued; `P_DETAIL` for one kind of event with two cases or
  incidents (a fine and a lawsuit, an outage and a leak) and `W_DETAIL` for one actor with the same ones;
  `P_ADVERSE` when one headline reports a thing the company suffers and the other none; `P_NAMES` for two places;
  `P_SUBJECT` for two benchmarks' topics and for one actor with nothing else in common; a figure that is money in
  one headline and a count in the other is no shared figure (`P_AMOUNT` when no other is shared);
- 0 for two versions of one product ("GPT-5" vs "GPT-4.5", "玄枢4" vs "Xuanshu-3.5") and for one source.
Names shared as written, by pinyin, by sound or by meaning (石桥 ↔ Stonebridge), in two scripts of Chinese
(Calderwood ↔ 考德伍德) and the head conflict are generator.stories.naming's.
The weights and `SAME_STORY` were tuned on tests/data/story_pairs_tuning.tsv and measured on held-out sets
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
    ADVERSE,
    aligned,
    amount_conflict,
    count_conflict,
    details_conflict,
    english_sound_forms,
    events_conflict,
    synonyms,
    version_conflict,
    without_events,
)
from generator.models import Article, Story
from generator.stories.naming import (
    counterpart_conflict,
    head_conflict,
    in_lead,
    names_conflict,
    own_names,
    place_conflict,
    read_alike,
    script_names,
    shared_names,
)
from generator.stories.profile import NAME_SUFFIXES, Profile, day_glossary, profile
from generator.stories.slots import (
    benchmark_conflict,
    counted_conflict,
    dice,
    figure_frame,
    one_frame,
    only_actor,
    role_frame,
    slot_conflict,
    subject_conflict,
)

SAME_STORY = 0.4  # story_score from which two articles are one story (the config's dedupe.similarity)
W_NAME = 0.15  # a distinctive name shared by the headlines
W_NUMBER = 0.2  # a number shared by the headlines
W_LEAD = 0.5  # a name or number of one headline found only in the other's lead: this share of W_NAME
W_BODY = 0.6  # Dice of the two leads (same language)
W_CONCEPT = 0.1  # a glossary concept named by both headlines (across languages)
W_VERSION = 0.2  # the same product version ("玄枢4" and "Xuanshu-4")
W_EVENT = 0.05  # the same kind of event
W_WHOLE = 0.1  # a Chinese and an English headline read alike as a whole (`read_alike`)
W_FACT = 0.1  # one language, one subject, one kind of event and a figure or version in common (`_one_fact`)
P_EVENT = 0.3  # two different kinds of event
P_ADVERSE = 0.3  # one headline reports a thing a company suffers, the other none (lang.ADVERSE)
W_DETAIL = 0.2  # one actor and one case or incident (lang.details: an outage, a fine, a recall)
P_DETAIL = 0.6  # one kind of event, two cases or incidents (lang.details: a fine and a lawsuit, an outage and a leak)
P_AMOUNT = 0.3  # both headlines give amounts (a million or more), none in common
P_COUNT = 0.15  # both headlines count things, no count in common (a follow-up counts other things)
P_HEAD = 0.3  # each headline's first name is missing from the other (two companies doing the same thing)
P_NAMES = 0.3  # each headline has a name the other lacks (one company acquiring two startups, two products)
P_FRAME = 0.3  # … and the rest of the two headlines is one frame: one sentence with another name in its slot
P_ROLE = 0.3  # both headlines name people by their role, no role in common (a CEO's news and a CFO's)
W_GLOSS = 0.05  # a word of a Chinese headline that an English one says too (lang.lexicon: 召回 ↔ recalls)
P_SUBJECT = 0.3  # one actor, one language, nothing else in common, each headline on a topic the other lacks


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


def score_profiles(a: Profile, b: Profile) -> float:
    """story_score for two read articles."""
    if a.source == b.source or version_conflict(set(a.versions), set(b.versions)):
        return 0.0
    names = shared_names(a, b)
    numbers = a.numbers & b.numbers
    if (
        a.chinese == b.chinese
    ):  # $50M is not 50M users (across languages a translation may differ: 售价四千九)
        numbers = {
            n for n in numbers if not (n in a.money and n in b.counted or n in b.money and n in a.counted)
        }
    lead_hits = (in_lead(a.names | a.numbers, b) | in_lead(b.names | b.numbers, a)) - names - numbers
    score = W_LEAD * W_NAME * len(lead_hits)
    names_clash = names_conflict(a, b)
    if a.chinese == b.chinese:
        unlike = (
            a.numbers & b.numbers
        ) - numbers  # one figure, money in one headline only: not a shared token
        title = dice(a.title - unlike, b.title) if unlike else dice(a.title, b.title)
        if unlike and not numbers:
            score -= P_AMOUNT  # "hits 50 million users" / "hits $50 million in revenue": two figures
        score += title
        if a.has_lead and b.has_lead and (title or names):  # leads alone: maybe one boilerplate text
            score += W_BODY * dice(a.lead, b.lead)
        if (
            _one_fact(a, b) and not names_clash and not unlike
        ):  # a shared fact of two parties' news is no evidence
            score += W_FACT
        if a.chinese:
            score += W_NAME * len(script_names(a, b))
        if a.chinese and a.head and a.head == b.head:  # one actor: words said two ways (每天 / 日常)
            score += W_GLOSS * synonyms(a.words, b.words)
    else:
        score += W_NAME * len(names) + W_NUMBER * len(numbers) + W_CONCEPT * len(a.concepts & b.concepts)
        score += W_WHOLE if read_alike(a, b, names) else 0.0
        if names:  # words in common back a shared actor; alone they are a shared topic (a digest and a paper)
            score += W_GLOSS * aligned(without_events(a.words), without_events(b.words))
    score += W_VERSION * len(a.versions & b.versions)
    if a.events & b.events:
        score += W_EVENT
    elif events_conflict(a.events, b.events):
        score -= P_EVENT
    if bool(a.events & ADVERSE) != bool(b.events & ADVERSE) and a.events and b.events:
        score -= P_ADVERSE  # one suffers (a recall, a fine, a leak, a charge), the other does not: a deal, a launch
    if a.moves and b.moves and not a.moves & b.moves:
        score -= P_EVENT  # a hire and a departure
    one_actor = a.head and a.head == b.head or a.chinese != b.chinese and names
    if a.details and a.details == b.details and one_actor and not names_clash and a.sued == b.sued:
        score += W_DETAIL  # one company, one outage (one fine, one recall): rare twice a day
    if details_conflict(a.details, b.details):
        score -= P_DETAIL  # a fine and a lawsuit, an outage and a leak
    if a.setback != b.setback:
        score -= P_DETAIL  # a plan and its delay, an activity and its suspension: two developments
    if (
        "legal" in a.events & b.events
        and a.sued != b.sued
        and (a.head == b.head or a.chinese != b.chinese and names)
    ):
        score -= P_EVENT  # one company suing and the same company sued
    if amount_conflict(a.numbers, b.numbers):
        score -= P_AMOUNT
    elif count_conflict(a.numbers, b.numbers):
        score -= P_COUNT
    if counted_conflict(a, b):
        score -= W_NUMBER + P_COUNT  # one count of two kinds of things: no shared fact, two counts
    if counterpart_conflict(a, b) or place_conflict(a, b):
        score -= P_NAMES
    roles_conflict = bool(a.roles and b.roles) and not a.roles & b.roles
    if roles_conflict:
        score -= P_ROLE
    elif bool(a.roles) != bool(b.roles) and (a.events | b.events) - (a.events & b.events):
        score -= P_ROLE / 2  # one is about a person of the company (another kind of event), the other is not
    if subject_conflict(a, b) or only_actor(a, b) or benchmark_conflict(a, b):
        score -= P_SUBJECT
    heads_conflict = head_conflict(a, b)
    if heads_conflict:
        score -= P_HEAD
    if names_clash:
        score -= P_NAMES
    slot = slot_conflict(a, b) or (a.chinese == b.chinese and figure_frame(a, b))
    if slot and not (names_clash or heads_conflict or roles_conflict):
        score -= P_NAMES  # another figure, name or topic in one place of one sentence
    if (
        slot
        or (names_clash and one_frame(a, b, own_names(a, b), own_names(b, a)))
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
        for key in (
            p.title
            | p.names
            | p.joined
            | p.meant
            | p.numbers
            | p.lead_names
            | {f"concept:{c}" for c in p.concepts}
        ):
            postings.setdefault(key, set()).add(index)
        for key in p.pinyin | p.lead_pinyin | p.sounds | p.lead_sounds:
            pinyin.setdefault(key, set()).add(index)
    candidates = {pair for ids in postings.values() if 1 < len(ids) for pair in combinations(sorted(ids), 2)}
    for index, p in enumerate(profiles):
        for name in p.names | p.joined if not p.chinese else ():
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
