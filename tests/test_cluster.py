"""Which articles tell one story: the signals (names, pinyin, numbers, lead, events), the labelled pairs, a new day
told twice across languages, and the sample day."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from generator.config import DedupeSettings, parse_settings
from generator.feeds import parse as feeds
from generator.feeds.entry import item_id
from generator.ingest import extract_articles, fetch_sources
from generator.lang import (
    alias_names,
    chinese_sounds,
    counterpart,
    english_sound_forms,
    english_sounds,
    heads_sound_alike,
    latin_names,
    opening_sounds,
    pinyin_keys,
    pinyin_matches,
    simplified,
    spelled_in_pinyin,
    version_conflict,
    versions,
)
from generator.lang.glossary import (
    concepts,
    events,
    events_conflict,
    joined_particles,
    rule_subject,
)
from generator.lang.people import moves, roles
from generator.lang.quantities import chinese_number, quantities
from generator.models import Article, FeedItem, Story
from generator.net.fetch import Fetcher
from generator.pipeline import day_window
from generator.stories.cluster import (
    SAME_STORY,
    cluster_articles,
    same_story,
    stories_match,
    story_score,
)
from generator.stories.dedupe import dedupe_items
from generator.stories.profile import head
from generator.text import title_tokens
from generator.urls import canonical_url

T0 = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
DATA = Path(__file__).parent / "data"


def article(title: str, source: str, text: str = "", weight: float = 1.0, minutes: int = 0) -> Article:
    url = canonical_url(f"https://{source.lower().replace(' ', '-')}.example/{abs(hash(title)) % 10**8}")
    item = FeedItem(
        id=item_id(url),
        source=source,
        title=title,
        url=url,
        published=T0 + timedelta(minutes=minutes),
        weight=weight,
        language="zh" if any("\u4e00" <= c <= "\u9fff" for c in title) else "en",
    )
    return Article(item, text, extracted=bool(text))


# --- numbers read alike in both languages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zh", "en", "key"),
    [
        ("七百亿参数", "70 billion parameters", "#7e+10"),
        ("七百亿参数", "a 70B model", "#7e+10"),
        ("千亿参数大模型", "100B-parameter model", "#1e+11"),
        ("1.5万亿元", "1.5 trillion yuan", "#1.5e+12"),
        ("融资130亿美元", "raises $13 billion", "#1.3e+10"),
        ("5000万用户", "50 million users", "#5e+07"),
        ("召回2000台", "recalls 2,000 robots", "#2000"),
        ("支持128K上下文", "a 128,000-token context window", "#128000"),
        ("降幅达八成", "80% cheaper", "%80"),
        ("提升百分之四十", "40 percent better", "%40"),
        ("能效提升一倍", "2x efficiency", "x2"),
        ("训练提速三倍", "trains 3x faster", "x3"),
        ("完成C轮融资", "Series C round", "round:c"),
        ("A+轮", "Series A+", "round:a+"),
        ("宕机6小时", "six-hour outage", "6hour"),
        ("首张L4级测试牌照", "first Level 4 test permit", "level:4"),
    ],
)
def test_numbers_read_alike_in_both_languages(zh: str, en: str, key: str) -> None:
    assert key in quantities(zh) and key in quantities(en)
    assert key in title_tokens(zh) and key in title_tokens(en)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("通义千问发布", set()),  # a numeral inside a name
        ("方舟一号亮相", set()),
        ("产业十条", set()),
        ("GPT-5 and the B7 chip", set()),  # digits of names are names
        ("星织2开源", set()),  # a lone small number: a version, not a figure
        ("70 billion", {"#7e+10"}),  # read once, not also as 70
        ("1.2亿元A+轮", {"#1.2e+08", "round:a+"}),
    ],
)
def test_what_is_not_a_figure(text: str, keys: set[str]) -> None:
    assert quantities(text) == keys


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("七百亿", 7e10),
        ("千亿", 1e11),
        ("1.5万亿", 1.5e12),
        ("5000万", 5e7),
        ("两千", 2000),
        ("一百二十", 120),
    ],
)
def test_chinese_numbers(text: str, value: float) -> None:
    assert chinese_number(text) == value


# --- names across scripts -----------------------------------------------------------------------------------------


def test_latin_names_in_chinese_and_english_headlines() -> None:
    assert latin_names("Northwind Labs发布Aurora-3推理芯片，AI能效提升", chinese=True) == {
        "northwind",
        "aurora-3",
        "aurora",
    }
    assert latin_names("Xingheng AI open-sources StarWeave-2", chinese=False) == {
        "xingheng",
        "starweave-2",
        "starweave",
    }


def test_chinese_names_meet_their_pinyin_only_when_it_is_a_name() -> None:
    keys = pinyin_keys("星衡智能开源大模型")
    assert {"xingheng", "xinghengzhineng"} <= keys
    assert pinyin_matches({"xingheng", "kaiyuan"}, keys) == {"xingheng", "kaiyuan"}
    assert pinyin_matches({"women"}, pinyin_keys("我们发布了新模型")) == set()  # a common English word
    assert pinyin_matches({"zhipu", "zhipuai"}, pinyin_keys("智谱开源")) == {"zhipu"}
    assert pinyin_matches({"xing"}, pinyin_keys("星衡智能")) == set()  # too short to tell
    assert alias_names("英伟达将向OpenAI投资") == {"nvidia"}
    assert {"zhangfeng", "changfeng"} <= pinyin_keys(
        "长风汽车"
    )  # every reading: a name may use the rarer one


def test_two_versions_of_one_product_are_two_products() -> None:
    assert versions("玄枢智能发布玄枢4大模型", set()) == {("xuanshu", "4")}
    assert version_conflict({("gpt", "5")}, {("gpt", "4.5")})
    assert not version_conflict({("gpt", "5")}, {("gpt", "5"), ("sora", "2")})
    assert story_score(article("OpenAI发布GPT-5", "A"), article("OpenAI releases GPT-4.5", "B")) == 0
    assert (
        story_score(article("玄枢智能发布玄枢4大模型", "A"), article("Xuanshu AI releases Xuanshu-3.5", "B"))
        == 0
    )


def test_glossary_and_events() -> None:
    assert concepts("研究发现AI智能体可被日历邀请劫持", chinese=True) == concepts(
        "Researchers show AI agents can be hijacked through calendar invites", chinese=False
    )
    assert events("方舟具身完成8亿元A轮融资") == events("Ark Embodied raises 800 million yuan") == {"funding"}
    assert events("若水科技开源代码模型") == events("Ruoshui open-sources a coding model") == {"release"}
    assert head("Orison Robotics完成融资", chinese=True) == "orison"
    assert head("英伟达将向OpenAI投资", chinese=True) == "nvidia"
    assert head("Study: AI agents fail", chinese=False) == ""


# --- each signal decides a pair -----------------------------------------------------------------------------------


def test_a_translated_name_meets_its_original_through_the_lead() -> None:
    """星织 / StarWeave cannot match by sound: the Chinese lead that glosses 星织2 as StarWeave-2 links the reports."""
    zh_title, en_title = "星衡智能开源大模型“星织2”", "StarWeave-2 goes open source with a commercial licence"
    lead = "星衡智能今天开源大模型“星织2”（StarWeave-2），开发者可免费商用。"
    assert not same_story(article(zh_title, "A"), article(en_title, "B"))
    assert same_story(article(zh_title, "A", lead), article(en_title, "B"))
    # Without the lead: the company by pinyin (星衡 ↔ Xingheng) and the same kind of news are not enough (it could be
    # another model of the same company); the company and the number (千亿 ↔ 100B) are.
    assert not same_story(article(zh_title, "A"), article("Xingheng AI open-sources StarWeave-2", "B"))
    assert same_story(
        article("星衡智能开源千亿参数大模型“星织2”", "A"),
        article("Xingheng AI open-sources 100B-parameter model", "B"),
    )


def test_lead_overlap_links_reworded_headlines() -> None:
    lead = "云帆科技今天发布AI编程助手帆码，个人开发者可以免费使用，企业版按席位收费。"
    a = "云帆科技推出AI编程助手“帆码”"
    b = "写代码更轻松了 这款编程工具个人免费"
    assert not same_story(article(a, "A"), article(b, "B"))
    assert same_story(article(a, "A", lead), article(b, "B", lead.replace("今天", "周一")))
    # the same lead under headlines with nothing in common: a boilerplate text, not evidence
    assert not same_story(article(a, "A", lead), article("海澜市发布AI算力补贴政策", "B", lead))


def test_same_company_other_news_same_day_is_another_story() -> None:
    assert not same_story(
        article("墨羽科技完成20亿元B轮融资", "A"), article("墨羽科技开源七百亿参数大模型", "B")
    )
    assert not same_story(
        article("Orison Robotics raises $150M Series B", "A"), article("Orison Robotics unveils Wren", "B")
    )
    assert not same_story(  # two companies, the same kind of news and the same amount
        article("Orison Robotics raises $150M Series B", "A"),
        article("Kestrel Labs raises $150M Series B", "B"),
    )


def test_one_company_two_targets_is_two_stories() -> None:
    """Both headlines name something the other does not: one company, one kind of news, two deals."""
    a = article("Fernhill acquires speech startup Lark for $50M", "A")
    assert not same_story(a, article("Fernhill acquires design startup Dovetail", "B"))
    assert same_story(a, article("Lark sold to Fernhill for $50 million", "B"))


def test_articles_of_one_source_are_never_one_story() -> None:
    a, b = article("模型发布会今日举行", "A"), article("模型发布会今日举行", "A")
    assert story_score(a, b) == 0 and len(cluster_articles([a, b])) == 2


def test_chains_of_loose_matches_do_not_make_one_story() -> None:
    """A~B and B~C but A and C are different events: B joins one of them, not both."""
    titles = {
        "A": "Nvidia resumes H20 chip sales to China after US approval",
        "B": "China tells companies to avoid Nvidia H20 chips",
        "C": "China tells companies to avoid Nvidia chips and buy domestic accelerators",
    }
    arts = {s: article(t, s) for s, t in titles.items()}
    assert same_story(arts["A"], arts["B"]) and same_story(arts["B"], arts["C"])
    assert not same_story(arts["A"], arts["C"])
    groups = sorted(sorted(a.item.source for a in s.articles) for s in cluster_articles(list(arts.values())))
    assert groups == [["A"], ["B", "C"]]


def test_stories_match_asks_most_cross_pairs() -> None:
    zh = Story((article("Northwind Labs发布Aurora-3推理芯片", "A"),))
    en = Story((article("Northwind Labs unveils Aurora-3 inference chip", "B"),))
    other = Story((article("Lumenary Robotics raises $300M Series C", "C"),))
    assert stories_match(zh, en) and not stories_match(zh, other)
    assert stories_match(zh, Story((zh.primary, other.primary)))  # a shared article


# --- the labelled pairs --------------------------------------------------------------------------------------------


def load_pairs(name: str) -> list[dict[str, str]]:
    lines = [
        line for line in (DATA / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    return list(csv.DictReader(lines, delimiter="\t"))


def pair_articles(row: dict[str, str]) -> tuple[Article, Article]:
    return article(row["title_a"], "A", row["text_a"]), article(row["title_b"], "B", row["text_b"])


def precision_recall(rows: list[dict[str, str]]) -> tuple[float, float]:
    threshold = DedupeSettings().similarity
    decided = [(row["label"] == "1", same_story(*pair_articles(row), threshold)) for row in rows]
    true_pos = sum(1 for label, same in decided if label and same)
    predicted = sum(1 for _, same in decided if same)
    actual = sum(1 for label, _ in decided if label)
    return true_pos / max(predicted, 1), true_pos / max(actual, 1)


def figures(rows: list[dict[str, str]]) -> dict[str, tuple[float, float, int]]:
    parts = {"all": rows, **{pair: [r for r in rows if r["pair"] == pair] for pair in ("zh", "en", "zh-en")}}
    return {name: (*precision_recall(part), len(part)) for name, part in parts.items()}


HELD_OUT = ("story_pairs_heldout.tsv", "story_pairs_heldout2.tsv", "story_pairs_heldout3.tsv")


def test_the_labelled_sets() -> None:
    tuning = load_pairs("story_pairs_tuning.tsv")
    held = [row for name in HELD_OUT for row in load_pairs(name)]
    assert len(tuning) >= 270 and len(held) >= 330
    assert {r["split"] for r in tuning} == {"tune"} and {r["split"] for r in held} == {
        "held",
        "held2",
        "held3",
    }
    assert {(r["pair"], r["label"]) for r in held} == {(p, x) for p in ("zh", "en", "zh-en") for x in "01"}
    assert sum(1 for r in held if r["label"] == "0" and r["kind"] == "hard") >= 150  # mostly hard negatives
    assert not {(r["title_a"], r["title_b"]) for r in tuning} & {(r["title_a"], r["title_b"]) for r in held}
    assert DedupeSettings().similarity == SAME_STORY


def test_precision_and_recall_on_the_tuning_pairs() -> None:
    """The pairs the weights were tuned on: P 0.963 R 0.963 overall, zh-en P 1.000 R 1.000 (278 pairs)."""
    result = figures(load_pairs("story_pairs_tuning.tsv"))
    precision, recall, _ = result["all"]
    assert precision >= 0.93 and recall >= 0.92, result
    assert min(result["zh-en"][:2]) >= 0.95, result


def test_precision_and_recall_on_the_held_out_pairs() -> None:
    """The target of issue 10 (precision ≥ 0.95, recall ≥ 0.90, overall and zh-en) on the 330 held-out pairs
    together: P 0.951 R 0.933, zh-en P 1.000 R 0.964 at the time of writing.

    No weight was tuned on them, but set 1 and set 2 were looked at before the last changes (kinds of miss were then
    fixed and tuned on new tuning pairs); set 3 was written after the last change and measured once: P 0.903
    R 0.933 (60 pairs; zh-en P 1.000 R 0.900); its floors below are those figures, not the target.
    """
    result = figures([row for name in HELD_OUT for row in load_pairs(name)])
    for part in ("all", "zh-en"):
        precision, recall, _ = result[part]
        assert precision >= 0.95 and recall >= 0.9, (part, result)
    fresh = figures(load_pairs("story_pairs_heldout3.tsv"))
    assert fresh["all"][0] >= 0.9 and fresh["all"][1] >= 0.93 and min(fresh["zh-en"][:2]) >= 0.9, fresh


def test_the_fourth_held_out_set_measured_once() -> None:
    """Issue 18 (kind 4): set 4 (82 pairs, the forms of kind 4) was written after the last change to the clustering
    and measured once: P 0.816 R 0.756 overall, zh-en P 0.923 R 0.706 — below the target (P ≥ 0.95, R ≥ 0.90).
    Its misses were then looked at, and their kinds fixed in general (the tests of the second round below): now
    P 0.976 R 1.000, zh-en P 1.000 R 1.000 — no longer a held-out figure. The floors keep those kinds fixed."""
    rows = load_pairs("story_pairs_heldout4.tsv")
    assert {r["split"] for r in rows} == {"held4"} and len(rows) == 82
    result = figures(rows)
    assert result["all"][0] >= 0.95 and result["all"][1] >= 0.95, result
    assert result["zh-en"][0] >= 0.95 and result["zh-en"][1] >= 0.95, result


def test_the_fifth_held_out_set_measured_once() -> None:
    """Issue 18 (kind 4), second round: set 5 (86 pairs: 43 same-story, 36 zh-en, every negative a hard one) was
    written after the last change to the clustering and measured once: P 0.886 R 0.907 overall, zh-en P 0.941
    R 0.889 — precision below the target (P ≥ 0.95, R ≥ 0.90). In the third round its misses were looked at and
    their kinds fixed in general (the tests of the third round below): now P 1.000 R 1.000, zh-en P 1.000
    R 1.000 — no longer a held-out figure. The floors keep those kinds fixed."""
    rows = load_pairs("story_pairs_heldout5.tsv")
    assert {r["split"] for r in rows} == {"held5"} and len(rows) == 86
    assert sum(r["label"] == "1" for r in rows) == 43 and 3 * sum(r["pair"] == "zh-en" for r in rows) >= len(
        rows
    )
    result = figures(rows)
    assert result["all"][0] >= 0.95 and result["all"][1] >= 0.95, result
    assert result["zh-en"][0] >= 0.95 and result["zh-en"][1] >= 0.95, result


def test_the_sixth_held_out_set_measured_once() -> None:
    """Issue 18 (kind 4), third round: set 6 (92 pairs: 46 same-story, 36 zh-en, every negative a hard one) was
    written after the last change to the clustering and measured once: P 0.872 R 0.891 overall, zh-en P 0.882
    R 0.833 — below the target (P ≥ 0.95, R ≥ 0.90). In the fourth round its misses were looked at and their kinds
    fixed in general (the tests of the fourth round below): now P 1.000 R 0.978, zh-en P 1.000 R 0.944 — no longer
    a held-out figure. The floors keep those kinds fixed."""
    rows = load_pairs("story_pairs_heldout6.tsv")
    assert {r["split"] for r in rows} == {"held6"} and len(rows) == 92
    assert sum(r["label"] == "1" for r in rows) == 46 and 3 * sum(r["pair"] == "zh-en" for r in rows) >= len(
        rows
    )
    result = figures(rows)
    assert result["all"][0] >= 0.97 and result["all"][1] >= 0.95, result
    assert result["zh-en"][0] >= 0.97 and result["zh-en"][1] >= 0.94, result


def test_clustering_agrees_with_the_pair_decision() -> None:
    """cluster_articles makes the same call as same_story on each labelled pair (two sources, two articles)."""
    for row in load_pairs("story_pairs_tuning.tsv") + [r for name in HELD_OUT for r in load_pairs(name)]:
        a, b = pair_articles(row)
        assert (len(cluster_articles([a, b])) == 1) == same_story(a, b), row


# --- a new day, told twice across languages ------------------------------------------------------------------------

NEW_DAY = [
    # 1. zh + en: a foreign company's funding, told in Chinese and in English
    ("fenwick", "硅谷日报", "美国AI公司Fenwick融资7亿美元，估值达50亿美元", ""),
    ("fenwick", "Tech Ledger", "Fenwick AI lands $700M at a $5B valuation", ""),
    # 2. zh + zh: one product, two headlines with little in common
    (
        "fanma",
        "机器之芯",
        "云帆科技推出AI编程助手“帆码”，个人版免费",
        "云帆科技今天发布AI编程助手帆码，个人开发者可免费使用，企业版按席位收费，支持主流开发环境。",
    ),
    (
        "fanma",
        "量子前沿",
        "写代码更轻松：帆码上线，个人开发者免费用",
        "周一，云帆科技推出编程助手帆码。个人开发者可免费使用，企业版按席位收费。",
    ),
    # 3. en + en: a recall, reworded
    ("osprey", "Robot Report", "Osprey Robotics recalls 1,200 lawn-mowing robots after blade failures", ""),
    ("osprey", "Tech Ledger", "Blade defect forces Osprey to pull 1,200 robot mowers", ""),
    # 4. a Chinese company's open model, named in pinyin in English, and in a third report
    ("moyu", "机器之芯", "墨羽科技开源七百亿参数大模型“墨羽-2”", ""),
    ("moyu", "Open Models Weekly", "Moyu Tech open-sources 70B-parameter Moyu-2 model", ""),
    ("moyu", "硅谷日报", "墨羽-2开源：700亿参数，支持128K上下文", ""),
    # hard negatives: the same companies, other news the same day; the same kind of news from others
    ("moyu-funding", "量子前沿", "墨羽科技完成20亿元B轮融资", ""),
    ("fenwick-search", "Robot Report", "Fenwick AI launches enterprise search assistant", ""),
    ("yunfan-bank", "硅谷日报", "云帆科技与长江银行合作推出智能客服", ""),
    ("osprey-funding", "Open Models Weekly", "Osprey Robotics raises $80M Series B", ""),
    ("kinlet-recall", "Open Models Weekly", "Kinlet recalls 1,200 smart speakers over overheating", ""),
    ("moyu-rival", "Tech Ledger", "Rival lab Baize open-sources 70B model a day after Moyu", ""),
    ("policy", "机器之芯", "海澜市发布AI算力补贴政策，最高补贴300万元", ""),
]


def test_a_new_day_told_twice_clusters_into_the_right_stories() -> None:
    arts = [article(title, source, text, minutes=n) for n, (_, source, title, text) in enumerate(NEW_DAY)]
    story_of = {a.item.url: key for a, (key, *_) in zip(arts, NEW_DAY, strict=True)}
    stories = cluster_articles(arts)
    groups = sorted(sorted(story_of[a.item.url] for a in s.articles) for s in stories)
    expected = sorted(
        sorted(key for key, *_ in NEW_DAY if key == k) for k in dict.fromkeys(k for k, *_ in NEW_DAY)
    )
    assert groups == expected
    moyu = next(s for s in stories if len(s.articles) == 3)
    assert set(moyu.source_names) == {
        "机器之芯",
        "Open Models Weekly",
        "硅谷日报",
    }  # a merged story keeps every source


# --- the sample day ------------------------------------------------------------------------------------------------


def test_sample_day_clusters(sample_server: str, fetch_settings) -> None:
    """The sample day's four same-story clusters (generator/samples/README.md), the English StarWeave-2 report
    and the Chinese Aurora-3 and Lumenary reports included: 26 items, of which 2 dead pages are left out, 24 articles,
    18 stories."""
    from generator.samples import SAMPLE_DATE, sample_sources
    from generator.samples.demo import SAMPLE_NOW

    settings = parse_settings(
        {"sources": sample_sources(sample_server), "fetch": fetch_settings.model_dump()}
    )
    now = datetime.fromisoformat(SAMPLE_NOW)
    fetcher = Fetcher(settings.fetch)
    items = fetch_sources(settings, fetcher, now).items
    start, end = day_window(SAMPLE_DATE, settings)
    extraction = extract_articles(dedupe_items(feeds.within_window(items, start, end)), settings, fetcher)
    articles = list(extraction.articles)
    stories = cluster_articles(articles, settings.dedupe.similarity)
    paths = sorted(
        sorted(url.split("/articles/")[-1] for url in s.urls) for s in stories if len(s.articles) > 1
    )
    assert paths == [
        [
            "guiji/aurora-3-chip.html",
            "ledger/northwind-aurora-3.html",
            "northwind/aurora-3-inference-chip.html",
        ],
        ["guiji/haizhou-compute-voucher.gbk.html", "jiqi/haizhou-compute-voucher.html"],
        [
            "jiqi/starweave-2-open-source.html",
            "liangzi/starweave-2-128k.html",
            "northwind/xingheng-starweave-2.html",
        ],
        ["ledger/lumenary-series-c.html", "liangzi/lumenary-series-c.html"],
    ]
    assert len(extraction.dead) == 2 and len(articles) == 24 and len(stories) == 18


# --- the same story, another form (issue 18, kind 4) ---------------------------------------------------------------


def test_traditional_and_simplified_chinese_are_one_script() -> None:
    """OpenCC's phrase tables: 發佈/发布, 億/亿, 資料中心/数据中心 and 晶片/芯片 are the same words."""
    simplified_ = article("澜汐科技发布七百亿参数大模型，数据中心同步扩容", "A")
    traditional = article("瀾汐科技發佈七百億參數大模型，資料中心同步擴容", "B")
    assert same_story(simplified_, traditional)
    assert quantities("七百億參數") == quantities("700 亿参数") == {"#7e+10"}
    assert not same_story(traditional, article("瀾汐科技完成二十億元B輪融資", "C"))


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        (
            "芬威克推出企业搜索助手，首批客户覆盖二十家银行",
            "Fenwick launches an enterprise search assistant for banks",
        ),
        ("凯斯特雷尔实验室开源七百亿参数模型", "Kestrel Labs open-sources a 70B-parameter model"),
        ("奥斯普雷机器人召回一千二百台割草机器人", "Osprey Robotics recalls 1,200 lawn-mowing robots"),
    ],
)
def test_a_name_written_by_sound_meets_its_spelling(zh: str, en: str) -> None:
    """Chinese writes a foreign company's name by sound (芬威克 ↔ Fenwick): their consonant skeletons meet."""
    assert same_story(article(zh, "A"), article(en, "B"))


def test_sounds_of_names_and_of_common_words() -> None:
    assert chinese_sounds("芬威克推出") == {"FNWK"} and english_sounds("fenwick") == {"FNWK"}
    assert english_sounds("intel") & chinese_sounds("英特尔发布新芯片")
    assert not chinese_sounds("今日新闻发布会") and not english_sounds("ai")
    # Another company that happens to be written with transliteration characters is another name.
    assert not same_story(
        article("芬威克推出企业搜索助手", "A"),
        article("Meridian launches an enterprise search assistant", "B"),
    )


def test_a_gloss_in_one_report_names_the_product_for_the_whole_day() -> None:
    """星织 ↔ StarWeave: one Chinese lead glosses the name; a second Chinese report without a lead meets the
    English report through it."""
    glossing = article(
        "星衡智能开源大模型“星织2”", "A", "星衡智能今天开源大模型“星织2”（StarWeave-2），开发者可免费商用。"
    )
    bare = article("星织2开源，商用免费", "B")
    english = article("StarWeave-2 goes open source with a commercial licence", "C")
    assert not same_story(bare, english)  # alone, nothing links them
    groups = sorted(
        sorted(a.item.source for a in s.articles) for s in cluster_articles([glossing, bare, english])
    )
    assert groups == [["A", "B", "C"]]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("七百亿参数", "#7e+10"),
        ("七百億參數", "#7e+10"),
        ("700 亿参数", "#7e+10"),
        ("７００亿参数", "#7e+10"),
        ("seventy billion parameters", "#7e+10"),
        ("a 70B model", "#7e+10"),
        ("US$70bn", "#7e+10"),
        ("0.07 trillion", "#7e+10"),
    ],
)
def test_one_number_on_every_scale(text: str, key: str) -> None:
    assert quantities(text) == {key}


def test_one_company_two_deals_in_chinese_are_two_stories() -> None:
    assert counterpart("海棠智能收购语音公司声海") == "声海"
    assert counterpart("海棠智能与江北银行合作推出智能客服") == "江北银行"
    assert counterpart("丹霞半导体参与建设智算中心") == ""  # 参与 is not 与
    assert not same_story(
        article("栖凤半导体收购封装企业华封科技", "A"), article("栖凤半导体收购设计企业芯原微", "B")
    )
    assert same_story(
        article("栖凤半导体收购封装企业华封科技", "A"), article("栖凤半导体宣布并购华封科技", "B")
    )
    assert not same_story(  # one company, two deployments counted apart
        article("青木机器人签约东岭物流，部署300台仓储机器人", "A"),
        article("青木机器人签约南港码头，部署50台巡检机器人", "B"),
    )


# --- the kinds of fault behind set 4's misses and false merges (issue 18, kind 4, second round) -------------------


def test_events_named_in_other_words() -> None:
    """A sale, a feature added, a service begun, money landed, a deal signed and a registration certificate are
    kinds of event; 获批上市 is an approval (not a listing) and 发布声明 no release."""
    assert events("Tavistock Motors sells 18,000 cars in March") == {"sales"}
    assert events("Osprin lands $40M to build drone fleets") == {"funding"}
    assert events("Merrow adds voice replies to its assistant") == {"release"}
    assert events("Calder Motors begins robotaxi service in Fenmouth") == {"release"}
    assert events("Quillfeather signs deal to supply chips to Harrowby") == {"partnership"}
    assert events("岚峰医疗眼底AI产品拿下三类医疗器械注册证") == {"approval"}
    assert events("岚峰医疗AI诊断软件获批上市") == {"approval"}
    assert events("霜叶自动驾驶就测试车事故发布声明") == {"incident"}
    # one company, one figure, two kinds of event: a recall and a month's sales
    assert not same_story(
        article("长汀汽车召回一万五千辆电动汽车", "A"),
        article("Changting Motors sells 15,000 cars in March", "B"),
    )
    assert not same_story(
        article("Merrow's assistant outage lasts five hours", "A"),
        article("Merrow adds memory to its assistant", "B"),
    )


def test_two_amounts_that_disagree_are_two_stories() -> None:
    """One company's two models (or rounds) told apart by their amounts, in one language and across two."""
    assert not same_story(
        article("砚池智能开源四百亿参数推理模型", "A"), article("砚池智能开源八十亿参数翻译模型", "B")
    )
    assert not same_story(
        article("Larchmont open-sources 9B vision model Reed", "A"),
        article("Larchmont open-sources Reed-2 with 40B parameters", "B"),
    )
    assert same_story(
        article("砚池智能开源四百亿参数推理模型", "A"), article("砚池智能推理模型开源：参数规模400亿", "B")
    )


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Harrowgate fines Quillon $8 million over chatbot leak",
            "Harrowgate fines Brisket $8 million over chatbot leak",
        ),
        (
            "Calder Motors opens robotaxi service in Fenmouth",
            "Calder Motors opens robotaxi service in Marlow",
        ),
        ("Tansy Labs acquires voice startup Murmur", "Tansy Labs acquires vision startup Glint"),
    ],
)
def test_one_frame_with_another_name_in_its_slot_is_another_story(a: str, b: str) -> None:
    """The same sentence with another place, party or target: the name that differs is the news."""
    assert not same_story(article(a, "A"), article(b, "B"))


def test_a_descriptor_opener_and_the_words_of_a_figure_are_no_names() -> None:
    """ "Drone maker Osprin" is about Osprin; "Series A" is a round, not a name."""
    assert latin_names("Drone maker Osprin lands $40M Series A", chinese=False) == {"osprin"}
    assert latin_names("Chipmaker Vellum cuts 90 jobs", chinese=False) == {"vellum"}
    assert head("Drone maker Osprin lands $40M", chinese=False) == "osprin"
    assert head("Apple delays its assistant", chinese=False) == "apple"  # no descriptor: the name itself
    assert same_story(
        article("Osprin Aero raises $40 million Series A", "A"), article("Drone maker Osprin lands $40M", "B")
    )
    assert same_story(
        article("Vellum Systems lays off 90 employees", "A"), article("Chipmaker Vellum cuts 90 jobs", "B")
    )


def test_a_size_at_the_end_of_a_name_is_a_figure_and_a_version() -> None:
    """ "Wick-13B" holds 13 billion (parameters): it meets "13B model Wick"; "Wick-13B" and "Wick-70B" are two."""
    assert quantities("Wick-13B") == {"#1.3e+10"} and quantities("gpt-style-120b") == {"#1.2e+11"}
    assert versions("Wick-13B is out", {"wick"}) == {("wick", "13b")}
    assert same_story(
        article("Larch open-sources 13B small model Wick", "A"),
        article("Wick-13B goes open source from Larch", "B"),
    )
    assert not same_story(
        article("Larch open-sources Wick-13B", "A"), article("Larch open-sources Wick-70B for servers", "B")
    )


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("墨尔顿被曝遭黑客攻击，三千万用户数据泄露", "Melton breach exposes data of 30 million users"),
        ("本森科技完成6亿元B轮融资", "Benson Tech raises 600 million yuan in Series B"),
        ("韦斯福德发布人形机器人，售价八万八千元", "Westford unveils humanoid robot priced at 88,000 yuan"),
    ],
)
def test_a_name_written_by_sound_where_the_headline_opens(zh: str, en: str) -> None:
    """The name a Chinese headline opens with, written by sound with characters outside the transliteration table
    (墨), with two characters before an industry word (本森科技), or dropping a consonant of a cluster (Westford ↔
    韦斯福德: "WSFT" beside "WSTFT")."""
    assert same_story(article(zh, "A"), article(en, "B"))


def test_sounds_where_the_headline_opens_and_of_clusters() -> None:
    assert "MLTN" in opening_sounds("墨尔顿被曝遭攻击") and not opening_sounds("AI芯片")
    assert "WSFT" in english_sound_forms("westford") and "WSFT" not in english_sounds("westford")
    # another company's name where the headline opens is another name
    assert not same_story(
        article("墨尔顿被曝遭黑客攻击，三千万用户数据泄露", "A"),
        article("Pelham breach exposes data of 30 million users", "B"),
    )


def test_one_subject_one_event_one_figure_in_other_words() -> None:
    """Two reworded headlines of one language about one subject, one kind of event and one figure are one story;
    one subject with another kind of event and the same figure is not."""
    assert same_story(
        article("Harlan Robotics lays off 300 employees amid reorganisation", "A"),
        article("Harlan cuts 300 jobs", "B"),
    )
    assert not same_story(
        article("Harlan Robotics lays off 300 employees amid reorganisation", "A"),
        article("Harlan ships 300 robots to a warehouse operator", "B"),
    )
    assert same_story(  # another name in common: the place
        article("Tolland Motors begins robotaxi service in Wexmoor", "A"),
        article("Tolland launches driverless taxi rides in Wexmoor", "B"),
    )


def test_quoted_chinese_names_tell_two_products_apart() -> None:
    """“栖画3” and “栖声3”: one company's two products, in quotes; not against English, which may translate a
    quoted name by meaning (“银河2” ↔ Galaxy-2)."""
    assert not same_story(
        article("栖云科技开源图像模型“栖画3”，可生成长图", "A"), article("栖云科技开源语音模型“栖声3”", "B")
    )
    assert same_story(
        article("栖云科技开源图像模型“栖画3”", "A"), article("栖画3开源：栖云科技图像模型", "B")
    )
    assert same_story(
        article("星渚智能开源千亿参数模型“银河2”", "A"),
        article("Xingzhu AI open-sources 100B-parameter Galaxy-2 model", "B"),
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("获批三类证", "class:3"),
        ("拿下III类医疗器械注册证", "class:3"),
        ("gets Class III clearance", "class:3"),
        ("a Class 2 device", "class:2"),
        ("二类医疗器械", "class:2"),
    ],
)
def test_a_device_class_is_one_figure_in_every_form(text: str, key: str) -> None:
    assert quantities(text) == {key}


def test_a_device_class_links_reworded_approvals() -> None:
    """三类证 ↔ 三类医疗器械注册证 ↔ Class III: the class is the fact two reports of one approval share."""
    assert quantities("三类人群") == set()  # a class of people is no device class
    assert same_story(
        article("青湖医疗AI眼底系统获批三类证", "A"),
        article("青湖医疗眼底筛查AI产品拿下三类医疗器械注册证", "B"),
    )
    assert same_story(
        article("青湖医疗AI眼底系统获批三类证", "A"),
        article("Qinghu Medical's AI eye screening system gets Class III approval", "B"),
    )


def test_a_short_pinyin_name_both_headlines_open_with() -> None:
    """ "Mila" is too short to be read as pinyin anywhere in a headline (chance), but where both headlines open
    with it (米拉科技 ↔ "Mila Tech") it is the one name both are about."""
    assert same_story(article("米拉科技裁员120人", "A"), article("Mila Tech lays off 120 employees", "B"))
    assert not same_story(
        article("米拉科技裁员120人", "A"), article("Norbury Tech lays off 120 employees", "B")
    )


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("AI诊断系统", "AI diagnosis system"),
        ("智能制造计划", "smart manufacturing plan"),
        ("部署大模型", "deploys AI models"),
        ("裁员百人", "lays off 100"),
    ],
)
def test_topic_words_across_languages(zh: str, en: str) -> None:
    assert concepts(zh, chinese=True) & concepts(en, chinese=False)


# --- the kinds of fault behind set 5's misses and false merges (issue 18, kind 4, third round) --------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一万九千九", 19_900),
        ("两万九", 29_000),
        ("三千五", 3_500),
        ("两百五", 250),
        ("一亿五", 1.5e8),
        ("五万五千五", 55_500),
        ("一万零九", 10_009),  # after 零 the digit is a unit
        ("一千零五", 1_005),
        ("二十五", 25),
        ("一万九千九百", 19_900),
    ],
)
def test_a_last_digit_after_a_unit_counts_in_the_next_lower_unit(text: str, value: float) -> None:
    assert chinese_number(text) == value


def test_a_price_said_the_short_way_meets_its_digits() -> None:
    assert quantities("售价两万九千九") == quantities("priced at 29,900 yuan") == {"#29900"}
    assert same_story(
        article("林萨发布家用机器人，售价两万九千九", "A"),
        article("Linsa unveils home robot priced at 29,900 yuan", "B"),
    )


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("half a billion dollars", "#5e+08"),
        ("a half-billion-dollar fund", "#5e+08"),
        ("a quarter of a billion dollars", "#2.5e+08"),
        ("one and a half billion dollars", "#1.5e+09"),
        ("two-and-a-half million users", "#2.5e+06"),
        ("$1.5 bn", "#1.5e+09"),
        ("3个亿", "#3e+08"),
        ("半个亿", "#5e+07"),
        ("一个半亿", "#1.5e+08"),
        ("half of its staff", "%50"),
        ("a third of its workforce", "%33.3333"),
        ("one in five users", "%20"),
        ("裁员一半", "%50"),
        ("三分之一的员工", "%33.3333"),
        ("cuts wait times by a third", "%33.3333"),
        ("predicts storms a week early", "1week"),
    ],
)
def test_fractions_and_shares_said_in_words(text: str, key: str) -> None:
    assert quantities(text) == {key}


def test_an_amount_in_words_meets_its_figure() -> None:
    assert same_story(
        article("Corbel Health opens $250M AI lab", "A"),
        article("Corbel Health to spend a quarter of a billion dollars on AI lab", "B"),
    )
    assert same_story(
        article("云杉科技裁员三分之一", "A"), article("Yunshan Tech cuts a third of its staff", "B")
    )


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        (
            "麦高恩收购语音公司凌云",
            "MacGowan acquires speech startup Lingyun",
        ),  # w between vowels: a diphthong
        ("德夫林发布七百亿参数模型", "Devlin releases 70B-parameter model"),  # v written with f
        ("史密森发布七百亿参数模型", "Smithson releases 70B-parameter model"),  # th written with s
        ("查尔顿机器人完成2亿元B轮融资", "Charlton Robotics raises 200 million yuan in Series B"),  # ch
        ("道林科技裁员两成", "Dowling Tech cuts 20% of staff"),  # ng: one nasal
    ],
)
def test_a_name_is_matched_as_heard_not_as_spelled(zh: str, en: str) -> None:
    assert same_story(article(zh, "A"), article(en, "B"))


def test_sounds_as_heard() -> None:
    assert "MKN" in english_sound_forms("macgowan") and "MKN" not in english_sounds("macgowan")
    assert english_sound_forms("devlin") & chinese_sounds("德夫林发布")
    assert heads_sound_alike("marlowe", "马洛") and not heads_sound_alike("brevik", "马洛")
    # another name that merely shares a letter pattern is still another name
    assert not same_story(
        article("麦高恩收购语音公司凌云", "A"), article("Pelham acquires speech startup Lingyun", "B")
    )


def test_a_phrasal_verb_with_its_particle_split_off() -> None:
    assert (
        joined_particles("Tandem pulls 2,400 driverless cars back")
        == "Tandem pulls back 2,400 driverless cars"
    )
    assert events("Brisk lays 300 warehouse workers off") == {"layoffs"}
    assert events("Orrel rolls its assistant out in Ashby") == {"release"}
    assert events("Tandem pulls 2,400 driverless cars back") == {"incident"}
    assert joined_particles("Pike sets up a lab") == "Pike sets up a lab"
    assert same_story(
        article("Tandem Auto recalls 2,400 robotaxis over sensor flaw", "A"),
        article("Tandem pulls 2,400 driverless cars back to fix sensors", "B"),
    )


def test_two_roles_are_two_people() -> None:
    """A CEO's news and a CFO's are two events, even in one frame; one role named two ways is one."""
    assert roles("澄江科技CFO离职") == {"cfo"} and roles("Garnet names a new chief financial officer") == {
        "cfo"
    }
    assert roles("竹岭科技首席执行官卸任，联合创始人接任") == {"ceo", "founder"}
    assert not same_story(article("澄江科技CTO离职", "A"), article("澄江科技CFO离职", "B"))
    assert not same_story(article("Garnet Labs CFO resigns", "A"), article("Garnet Labs CEO resigns", "B"))
    assert not same_story(article("澄江科技CTO离职", "A"), article("Chengjiang Tech CFO resigns", "B"))
    assert same_story(
        article("Garnet Labs CEO resigns", "A"), article("Garnet Labs chief executive steps down", "B")
    )


def test_one_frame_with_another_company_at_its_head() -> None:
    """The same round and amount of two companies: the figures do not outweigh the two names, in Chinese, in
    English Title Case (no names told from words) and across languages."""
    assert not same_story(
        article("霜叶机器人完成5亿元B轮融资", "A"), article("云麓机器人完成5亿元B轮融资", "B")
    )
    assert not same_story(
        article("Pellucid Robotics raises $60M Series C", "A"),
        article("Strand Robotics raises $60M Series C", "B"),
    )
    assert not same_story(
        article("霜叶机器人完成5亿元B轮融资", "A"),
        article("Yunlu Robotics raises 500 million yuan in Series B", "B"),
    )
    assert same_story(
        article("霜叶机器人完成5亿元B轮融资", "A"),
        article("Shuangye Robotics raises 500 million yuan in Series B", "B"),
    )
    assert same_story(article("霜叶机器人完成5亿元B轮融资", "A"), article("霜葉機器人完成5億元B輪融資", "B"))


def test_a_shared_fact_is_no_evidence_for_two_parties() -> None:
    """One subject, one event, one figure (`_one_fact`) counts only when the headlines name no different parties."""
    for a, b in (
        (
            "Brightmoor signs $2 billion compute deal with Halcyon Cloud",
            "Brightmoor signs $2 billion chip deal with Vantor Semiconductor",
        ),
        (
            "Sablewood fines Norrin €12 million over data retention",
            "Sablewood fines Tavish €12 million over data retention",
        ),
    ):
        assert story_score(article(a, "A"), article(b, "B")) < SAME_STORY - 0.05, (a, b)


def test_a_chinese_deals_party_against_an_english_one() -> None:
    """One company's deals with two parties across languages: the Chinese party (与长河物流签约) is not the one the
    English headline names in pinyin; a party named by meaning (深湾银行 ↔ Deepbay Bank) is no evidence either way."""
    assert spelled_in_pinyin("baishan") and not spelled_in_pinyin("deepbay")
    zh = article("穆棱科技与长河物流签约部署AI调度系统", "A")
    assert not same_story(
        zh, article("Muling Tech signs deal with Baishan Logistics to deploy AI dispatch", "B")
    )
    assert same_story(zh, article("Muling Tech signs deal with Changhe Logistics to deploy AI dispatch", "B"))
    assert same_story(
        article("穆棱科技与深湾银行签约部署大模型", "A"),
        article("Muling Tech signs deal to deploy AI models at Deepbay Bank", "B"),
    )


def test_one_actors_two_rules_are_two_stories() -> None:
    """One lawmaker's two laws (or rules, bans, policies) the same day: the subjects share no word."""
    assert rule_subject("Calloway governor signs AI watermark law") is not None
    assert rule_subject("Calloway opens AI lab") is None
    assert not same_story(
        article("Calloway passes law requiring watermarks on AI images", "A"),
        article("Calloway passes law banning AI in tenant screening", "B"),
    )
    assert not same_story(article("临川市出台AI招聘新规", "A"), article("临川市出台自动驾驶测试新规", "B"))
    assert same_story(
        article("Calloway passes law requiring watermarks on AI images", "A"),
        article("Calloway passes law on watermarks for AI-made images", "B"),
    )


def test_one_frame_with_another_figure_place_or_topic_in_its_slot() -> None:
    """One sentence with something else in one place is another story: another figure, another place (a Chinese
    name jieba does not know as a word), another glossary topic; another word for the same (融资 / 投资) is not."""
    pairs = (
        ("Brisa AI cuts API prices by 40%", "Brisa AI cuts API prices by 15% for schools"),
        ("Orland unveils $349 AI earbuds", "Orland unveils $599 AI earbuds with a screen"),
        ("芦溪无人车在枫江开启全无人配送", "芦溪无人车在石岭开启全无人配送"),
        ("Quarrel model tops coding leaderboard", "Quarrel model tops math leaderboard"),
        ("栎山智能推出1299元学习机器人", "栎山智能推出2599元陪伴机器人"),
    )
    for a, b in pairs:
        assert not same_story(article(a, "A"), article(b, "B")), (a, b)
    assert same_story(article("栎山智能完成2亿元A轮融资", "A"), article("栎山智能完成2亿元A轮投资", "B"))
    # a slot of two words is no name (推出编程 / 发布代码), one name written two ways is one name
    assert same_story(article("苇川科技推出编程助手“苇码”", "A"), article("苇川科技发布代码助手“苇码”", "B"))
    assert same_story(article("Tidewell releases Corra-2", "A"), article("Tidewell releases Corra 2", "B"))
    assert same_story(
        article("Quarrel raises $80M Series B", "A"), article("Quarrel raises $80 million in Series B", "B")
    )


def test_a_hire_and_a_departure_are_two_events() -> None:
    assert moves("Lowry Labs hires former Vanta researcher as chief scientist") == {"joins"}
    assert moves("苇岸科技CEO卸任，联合创始人接任") == {"joins", "leaves"}
    assert not same_story(
        article("Lowry Labs hires former Vanta researcher as chief scientist", "A"),
        article("Lowry Labs chief scientist leaves for rival", "B"),
    )


def test_a_chinese_and_an_english_headline_that_read_alike_as_a_whole() -> None:
    """Short headlines hold little evidence: one name, one topic, one kind of event. When that is all either says,
    and both open with the name, they are one story; another product or topic in one of them keeps them apart."""
    assert same_story(article("澄江科技CTO离职", "A"), article("Chengjiang Tech CTO resigns", "B"))
    assert same_story(article("史密森发布语音模型", "A"), article("Smithson launches voice model", "B"))
    assert not same_story(article("史密森发布语音模型", "A"), article("Smithson launches coding model", "B"))
    assert not same_story(
        article("史密森发布语音模型“声澜”", "A"), article("Smithson launches Tidevoice", "B")
    )


def test_sounds_at_a_words_end_and_after_a_nasal() -> None:
    """A word's end is no vowel: a final r is silent unless read as rhotic (Victor ↔ 维克多); an h after n, m, l or r
    opens a syllable and is heard (Eisenhower ↔ 艾森豪尔), an h of a digraph is not (Smith)."""
    assert "WKT" in english_sounds("victor") and "SNHL" in english_sound_forms("eisenhower")
    assert same_story(
        article("艾森豪尔机器人发布第二代人形机器人", "A"),
        article("Eisenhower Robotics unveils second-generation humanoid", "B"),
    )


def test_a_country_or_a_nationality_is_no_headlines_subject() -> None:
    assert head("Australian regulator fines Quill AI A$8 million", chinese=False) == "quill"
    assert head("澳洲监管机构对Quill AI罚款800万澳元", chinese=True) == ""
    assert same_story(
        article("澳洲监管机构对Quill AI罚款800万澳元", "A"),
        article("Australian regulator fines Quill AI A$8 million", "B"),
    )


def test_events_and_topics_not_read_into_other_words() -> None:
    """'steps down' is no outage, a product's larger context window is an upgrade (not a new plant), 'cook' holds
    no COO."""
    outage = concepts("宕机", chinese=True)
    assert outage and not outage & concepts("Bramble CEO steps down", chinese=False)
    assert outage <= concepts("Bramble's assistant goes down for six hours", chinese=False)
    assert events("Vireo expands its model's context window to 2 million tokens") == {"release"}
    assert events("Vireo expands production at its Harlow plant") == {"expansion"}
    assert roles("Meet Wren: Orison's robot cook has two arms") == set()
    assert same_story(
        article("谷歌发布Gemini新版本，上下文扩展至200万token", "A"),
        article("Google expands Gemini context window to 2 million tokens", "B"),
    )


def test_one_frame_with_another_object_or_round() -> None:
    """Another object of one verb (not a verb of one event said another way) and another funding round are other
    stories; a figure is one token of the frame, so 一亿 / 1亿 never leave half a figure in a slot."""
    assert not same_story(
        article("Tallow Pay adds AI shopping agent to checkout", "A"),
        article("Tallow Pay adds crypto payments to checkout", "B"),
    )
    assert not same_story(
        article("棠梨教育AI作文批改上线，覆盖两千所学校", "A"),
        article("棠梨教育AI口语陪练上线，覆盖两千所学校", "B"),
    )
    assert not same_story(
        article("南岭机器人获得五亿元B+轮融资", "A"), article("南岭机器人获得五亿元B轮融资", "B")
    )
    assert same_story(article("Orrel unveils Wren chip", "A"), article("Orrel debuts Wren chip", "B"))
    assert same_story(article("星汉AI助手月活突破一亿", "A"), article("星汉AI助手月活跃用户达1亿", "B"))


def test_the_seventh_held_out_set_measured_once() -> None:
    """Issue 18 (kind 4), fourth round: set 7 (90 pairs: 46 same-story, 34 zh-en, every negative a hard one) was
    written after the last change to the clustering and measured once: P 0.857 R 0.913 overall, zh-en P 0.875
    R 0.778 — below the target (P ≥ 0.95, R ≥ 0.90). The floors are those figures, not the target."""
    rows = load_pairs("story_pairs_heldout7.tsv")
    assert {r["split"] for r in rows} == {"held7"} and len(rows) == 90
    assert sum(r["label"] == "1" for r in rows) == 46 and 3 * sum(r["pair"] == "zh-en" for r in rows) >= len(
        rows
    )
    result = figures(rows)
    assert result["all"][0] >= 0.85 and result["all"][1] >= 0.91, result
    assert result["zh-en"][0] >= 0.87 and result["zh-en"][1] >= 0.77, result


# Issue 18 (kind 4), fourth round: the kinds behind set 6's misses, on fresh fictional inputs.


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Fernhill Labs passes 40 million weekly users",
            "Fernhill Labs fined 40 million euros over user tracking",
        ),
        ("栖霞云智能客服用户突破八百万", "栖霞云遭黑客入侵，八百万用户信息泄露"),
        ("青棠出行无人配送订单累计破千万", "青棠出行无人配送车在滨江发生事故"),
        (
            "Odell Grid's assistant reaches 12 million subscribers",
            "Odell Grid recalls 12 million smart speakers",
        ),
    ],
)
def test_a_figure_reached_and_an_incident_with_that_figure_are_two_stories(a: str, b: str) -> None:
    """A milestone (users, orders reached) and a fine, a leak or a crash of the same company with the same figure
    are two events: the shared figure does not outweigh two kinds of event."""
    assert "milestone" in events(a) and events(b) & {"legal", "incident"}
    assert not same_story(article(a, "A"), article(b, "B"))


def test_a_milestone_told_in_two_languages_is_one_story() -> None:
    """A figure reached is one kind of event in both languages; it tells against a fine, a leak or a layoff, not
    against the release it counts (a follow-up: "…passes 500,000 downloads" of a model released last week)."""
    assert events_conflict({"milestone"}, {"legal"}) and events_conflict({"milestone", "sales"}, {"incident"})
    assert not events_conflict({"milestone"}, {"release"}) and not events_conflict({"milestone"}, {"sales"})
    assert events("鸣泉助手月活突破两千万") == events("Mingquan's assistant passes 20 million monthly users")
    assert same_story(
        article("鸣泉助手月活突破两千万", "A"),
        article("Mingquan's assistant passes 20 million monthly users", "B"),
    )


def test_hiring_in_chinese_and_english_is_not_a_layoff() -> None:
    """招聘/新招/扩招 and "hires 300 engineers" are hiring; a layoff of the same number is another story."""
    for title in (
        "枫桥科技新招300名算法工程师",
        "枫桥科技扩招三百人",
        "枫桥科技启动招聘",
        "Maplebridge hires 300 engineers",
    ):
        assert "hiring" in events(title), title
    assert not same_story(article("枫桥科技裁员300人", "A"), article("枫桥科技新招300名算法工程师", "B"))
    assert not same_story(
        article("Maplebridge lays off 300 staff", "A"), article("Maplebridge hires 300 engineers", "B")
    )
    assert same_story(
        article("枫桥科技新招300名工程师", "A"), article("Fengqiao Tech hires 300 engineers", "B")
    )


def test_one_count_of_two_kinds_of_things_across_languages() -> None:
    """部署八百台仓储机器人 and "deploys 800 delivery vans": the count is shared, what is counted is not."""
    assert not same_story(
        article("霍尔顿物流部署八百台仓储机器人", "A"),
        article("Holden Logistics deploys 800 delivery vans", "B"),
    )
    assert same_story(
        article("霍尔顿物流部署八百台仓储机器人", "A"),
        article("Holden Logistics deploys 800 warehouse robots", "B"),
    )


def test_a_rule_and_a_launch_of_one_actor_are_two_stories() -> None:
    assert events("Ashgrove College bans chatbots in coursework") == {"rule"}
    assert "rule" in events("青溪市出台新规禁止无人机夜间配送")
    assert not same_story(
        article("Ashgrove College unveils AI timetable planner", "A"),
        article("Ashgrove College bans chatbots in coursework", "B"),
    )


def test_traditional_business_words_and_person_names_in_pinyin() -> None:
    """執行長 is the CEO (OpenCC tw2sp's phrases), 請辭 a resignation, and a Chinese person's name in pinyin is two
    short words ("Zhou Yan" ↔ 周砚)."""
    assert roles(simplified("雲杉科技執行長周砚請辭")) == {"ceo"}
    assert moves(simplified("雲杉科技執行長周砚請辭")) == {"leaves"}
    assert same_story(
        article("雲杉科技執行長周砚請辭", "A"), article("Yunshan Tech chief executive Zhou Yan resigns", "B")
    )
    assert not same_story(
        article("雲杉科技執行長周砚請辭", "A"), article("Yunshan Tech names Zhou Yan chief executive", "B")
    )


@pytest.mark.parametrize(
    ("zh", "en", "key"),
    [
        ("2纳米", "2nm", "2nm"),
        ("五纳米", "5-nanometer", "5nm"),
        ("1.2吉瓦", "1.2 GW", "1.2gw"),
        ("300兆瓦", "300 megawatts", "300mw"),
        ("六百兆瓦", "600MW", "600mw"),
    ],
)
def test_units_written_in_chinese_or_latin_letters(zh: str, en: str, key: str) -> None:
    assert quantities(zh) == quantities(en) == {key}


def test_inflected_and_reworded_events_are_one_kind() -> None:
    """ "ships 5,000" / "shipments reach 5,000", 登顶 / 排名第一, 量产 / mass production, 流片 / tape-out."""
    assert events("Brannock ships 5,000 drones") & events("Brannock's drone shipments reach 5,000 units")
    assert events("鹊桥模型登顶编程榜单") & events("鹊桥模型在编程评测中排名第一")
    assert events("乌衣半导体2纳米芯片量产") & events(
        "Wuyi Semiconductor begins mass production of 2nm chips"
    )
    assert events("乌衣半导体芯片流片成功") & events("Wuyi Semiconductor tapes out its chip")
    assert "sales" not in events("Brannock unveils delivery drone")  # "delivery" is no delivery of goods
    assert same_story(
        article("Brannock ships 5,000 drones", "A"),
        article("Brannock's drone shipments reach 5,000 units", "B"),
    )
    assert same_story(
        article("鹊桥代码模型登顶编程评测榜单", "A"), article("鹊桥编程模型在评测中排名第一", "B")
    )
    assert same_story(
        article("乌衣半导体2纳米芯片量产", "A"),
        article("Wuyi Semiconductor begins mass production of 2nm chips", "B"),
    )
