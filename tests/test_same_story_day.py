"""A day of my own feeds and pages through `generator generate` (issue 18, kinds 4, 7 and 8): one story in another
form is told once (a name written by sound, traditional Chinese, words the dictionary reads alike across the
languages), two stories in one sentence's frame are told apart (a recall and a delivery), AI news in the field's
own words is kept and an off-topic item of a general source is not, and an article that sits in <noscript> is read
from its page.

Every name is fictional. Feeds and pages are served on loopback (the real HTTP stack); the offline editor writes.
"""

from __future__ import annotations

import json
from pathlib import Path

import frontmatter
import pytest
from pytest_httpserver import HTTPServer

from generator.cli import main
from generator.extract import read_page
from generator.samples.demo import SAMPLE_NOW, copy_site, write_sample_config

DAY = "2026-11-16"
WHEN = "Sun, 15 Nov 2026 {:02d}:00:00 +0000"  # inside the window of 2026-11-16 (08:00 Beijing time)


HTML = {"Content-Type": "text/html; charset=utf-8"}


def paragraphs(*lines: str) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


FENWICK_ZH = paragraphs(
    "芬威克今天推出面向银行的企业搜索助手，由自研大模型驱动，可以在内部文档中查找条款并给出出处。",
    "公司表示，首批客户覆盖二十家地方银行，助手部署在银行自己的机房里，数据不出行。",
    "芬威克成立于三年前，此前主要为律师事务所提供检索服务。",
)
FENWICK_EN = paragraphs(
    "Fenwick on Monday launched an enterprise search assistant for banks that finds clauses in internal "
    "documents and cites where they come from.",
    "Twenty regional banks are among the first customers; the assistant runs in each bank's own data centre.",
)
LANXI = paragraphs(
    "澜汐科技今天开源七百亿参数大模型，开发者可以免费下载权重并用于商业用途。",
    "该模型在中文阅读理解评测中表现突出，公司同时开放了训练数据的说明文档。",
)
LANXI_TRADITIONAL = paragraphs(
    "瀾汐科技今日開源七百億參數大模型，開發者可免費下載權重並用於商業用途。",
    "該模型在中文閱讀理解評測中表現突出，公司同時公開了訓練資料的說明文件。",
)
KESTREL = paragraphs(
    "Kestrel Labs released the weights of its 12-billion-parameter translation model under a permissive "
    "licence, and said it runs on a single graphics card.",
    "The lab published the evaluation results for forty language pairs alongside the weights.",
)
TARNWICK = paragraphs(
    "Tarnwick, a legal publisher, released 4,000 questions on contract law with graded reference answers, "
    "meant for testing how well language models read contracts.",
    "Three law schools wrote and checked the questions over a year.",
)
YANCHUAN_RECALL = paragraphs(
    "岩川智驾今天宣布召回两千台自动驾驶测试车，原因是激光雷达支架存在松动风险。",
    "公司表示，召回车辆将在两周内完成检修，期间暂停相关路段的测试。",
)
YANCHUAN_DELIVERY = paragraphs(
    "岩川智駕今日向合作車隊交付兩千台自動駕駛測試車，將用於城市道路的夜間測試。",
    "公司表示，這批車輛搭載新一代感知系統，年底前還將交付第二批。",
)
CHENGWAN_ZH = paragraphs(
    "澄湾云今天宣布，将推理API价格下调五成，新价格下月起生效。",
    "公司称，降价覆盖全部文本模型，长上下文调用同样适用。",
)
CHENGWAN_EN = paragraphs(
    "Chengwan Cloud said it would halve the price of its inference API from next month.",
    "The cut covers every text model the cloud sells, long-context calls included.",
)
BENCH = paragraphs(
    "Three lifters set new regional records at the weekend meet in Eastvale, two of them in the bench press.",
    "The meet drew a record crowd of four hundred spectators.",
)
SHELL = (
    "<div id='app'>Loading…</div><noscript><article>"
    + paragraphs(
        "Quillmere switched on a new tokenizer for its assistant on Sunday, cutting the cost of Korean and "
        "Japanese text by about a third.",
        "The change keeps the vocabulary size and needs no action from developers, the company said.",
    )
    + "</article></noscript>"
)


def page(body: str, title: str, canonical: str = "") -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"<html><head><title>{title}</title>{link}</head><body><main><article>{body}</article></main></body></html>"


def rss(name: str, items: list[tuple[str, str, int]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><guid>{link}#{n}</guid>"
        f"<pubDate>{WHEN.format(hour)}</pubDate></item>"
        for n, (title, link, hour) in enumerate(items)
    )
    channel = f"<channel><title>{name}</title>{entries}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'


@pytest.fixture
def day(httpserver: HTTPServer, tmp_path: Path) -> tuple[Path, str]:
    base = httpserver.url_for("/").rstrip("/")
    pages = {
        "/harbor/fenwick": page(FENWICK_ZH, "芬威克推出企业搜索助手"),
        # the same article under another slug and guid: the page says which page it is
        "/harbor/fenwick-bank-assistant": page(
            FENWICK_ZH, "芬威克推出企业搜索助手", f"{base}/harbor/fenwick"
        ),
        "/harbor/lanxi": page(LANXI, "澜汐科技开源七百亿参数大模型"),
        "/harbor/yanchuan-recall": page(YANCHUAN_RECALL, "岩川智驾召回两千台自动驾驶测试车"),
        "/harbor/chengwan": page(CHENGWAN_ZH, "澄湾云推理API降价五成"),
        "/hk/yanchuan-delivery": page(YANCHUAN_DELIVERY, "岩川智駕交付兩千台自動駕駛測試車"),
        "/ledger/chengwan": page(CHENGWAN_EN, "Chengwan Cloud halves inference API prices"),
        "/hk/lanxi": page(LANXI_TRADITIONAL, "瀾汐科技開源七百億參數大模型"),
        "/ledger/fenwick": page(FENWICK_EN, "Fenwick launches a search assistant for banks"),
        "/ledger/kestrel-weights": page(KESTREL, "Kestrel Labs ships open weights"),
        "/ledger/kestrel-weights/amp": page(KESTREL, "Kestrel Labs ships open weights"),
        "/ledger/tarnwick": page(TARNWICK, "Tarnwick publishes an evaluation set"),
        "/ledger/bench": page(BENCH, "Bench press records fall"),
        "/ledger/quillmere": page(SHELL, "Quillmere changes its tokenizer"),
    }
    for path, html in pages.items():
        httpserver.expect_request(path).respond_with_data(html, content_type="text/html; charset=utf-8")
    feeds = {
        "/feeds/harbor.xml": rss(
            "港湾快讯",
            [
                ("芬威克推出企业搜索助手，首批客户覆盖二十家银行", f"{base}/harbor/fenwick", 3),
                ("芬威克发布银行搜索助手", f"{base}/harbor/fenwick-bank-assistant", 4),
                ("澜汐科技开源七百亿参数大模型", f"{base}/harbor/lanxi", 5),
                ("岩川智驾召回两千台自动驾驶测试车", f"{base}/harbor/yanchuan-recall", 5),
                ("澄湾云将推理API价格下调五成", f"{base}/harbor/chengwan", 6),
            ],
        ),
        "/feeds/hk.xml": rss(
            "港澳科技",
            [
                ("瀾汐科技開源七百億參數大模型", f"{base}/hk/lanxi", 6),
                ("岩川智駕交付兩千台自動駕駛測試車", f"{base}/hk/yanchuan-delivery", 7),
            ],
        ),
        "/feeds/ledger.xml": rss(
            "Ledger Daily",
            [
                ("Fenwick launches an enterprise search assistant for banks", f"{base}/ledger/fenwick", 7),
                ("Chengwan Cloud halves inference API prices", f"{base}/ledger/chengwan", 8),
                (
                    "Kestrel Labs ships open weights for its 12B translator",
                    f"{base}/ledger/kestrel-weights",
                    8,
                ),
                (
                    "Kestrel Labs ships open weights for its 12B translator",
                    f"{base}/ledger/kestrel-weights/amp",
                    9,
                ),
                (
                    "Tarnwick publishes a 4,000-question evaluation set for contract law",
                    f"{base}/ledger/tarnwick",
                    10,
                ),
                ("Bench press records fall at the regional meet", f"{base}/ledger/bench", 11),
                (
                    "Quillmere's new tokenizer cuts Korean text costs by a third",
                    f"{base}/ledger/quillmere",
                    12,
                ),
            ],
        ),
    }
    for path, xml in feeds.items():
        httpserver.expect_request(path).respond_with_data(
            xml, content_type="application/rss+xml; charset=utf-8"
        )
    sources = [
        {"name": "港湾快讯", "url": f"{base}/feeds/harbor.xml", "language": "zh", "region": "cn"},
        {"name": "港澳科技", "url": f"{base}/feeds/hk.xml", "language": "zh", "region": "cn"},
        {"name": "Ledger Daily", "url": f"{base}/feeds/ledger.xml", "language": "en", "topic": "general"},
    ]
    site = tmp_path / "src"
    copy_site(site, include_posts=False)
    return write_sample_config(site, base, tmp_path / "cache", {"sources": sources}), base


def test_one_story_in_other_forms_is_told_once_and_ai_news_in_its_own_words_is_kept(
    day: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, base = day
    code = main(["generate", "--config", str(config), "--date", DAY, "--now", SAMPLE_NOW])
    assert code == 0, capsys.readouterr().err
    post_file = config.parent / "docs" / "blog" / "posts" / f"{DAY}.md"
    post = frontmatter.load(post_file)
    records = json.loads(post_file.with_name(f"{DAY}.stories.json").read_text(encoding="utf-8"))["stories"]
    stories = {frozenset(u.removeprefix(base) for u in s["urls"]): s for s in records}
    # kind 4: one page listed twice by one feed (another slug and guid; an AMP path) is one article; one story in
    # Chinese and English (a name written by sound; words the dictionary reads alike: 推理 inference, 价格 prices),
    # and in simplified and traditional Chinese, is one story; one company's recall and delivery of two thousand
    # test cars (召回 / 交付, one in traditional Chinese) are two.
    assert set(stories) == {
        frozenset({"/harbor/fenwick", "/ledger/fenwick"}),
        frozenset({"/harbor/lanxi", "/hk/lanxi"}),
        frozenset({"/harbor/chengwan", "/ledger/chengwan"}),
        frozenset({"/harbor/yanchuan-recall"}),
        frozenset({"/hk/yanchuan-delivery"}),
        frozenset({"/ledger/kestrel-weights"}),
        frozenset({"/ledger/tarnwick"}),
        frozenset({"/ledger/quillmere"}),
    }
    body = post.content
    assert "fenwick-bank-assistant" not in body and "/amp" not in body
    # kind 7: the field's own words from a general source are AI news; a bench press is not
    assert "Tarnwick" in body and "Bench press" not in body
    # kind 8: the article a script would draw, read from <noscript>, not "Loading…" (a Chinese post tells this
    # English-only story by its Chinese frame, so the text is checked where the editors get it)
    shell = read_page(
        page(SHELL, "Quillmere changes its tokenizer").encode(), HTML, f"{base}/ledger/quillmere"
    )
    assert "cutting the cost of Korean" in shell.text and "Loading" not in shell.text
    assert (
        "原文标题：“Quillmere's new tokenizer cuts Korean text costs by a third”" in body
        and "Loading" not in body
    )
    (summary_file,) = (tmp_path / "cache" / "runs").glob("*.json")
    summary = json.loads(summary_file.read_text(encoding="utf-8"))
    assert summary["counts"]["duplicate_pages"] == 1
    assert "1 item(s) left out: the same page as another item of its source" in summary["notes"]
    assert any(
        note.startswith("1 off-topic story left out") and "Bench press" in note for note in summary["notes"]
    )
