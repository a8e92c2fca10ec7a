"""The four layouts: shape, escaping, the leaderboard, lead images, and every layout through `mkdocs build --strict`."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import builders
import feedparser
import lxml.html
import pytest
import yaml
from conftest import configure_telegram
from lxml import etree
from PIL import Image

from generator.cli import main
from generator.config import PostSettings, parse_settings
from generator.config_look import LeaderboardSettings
from generator.errors import DataError, FetchError, GateError, PublishError
from generator.models import Brief, Digest, Entry, FigureChange, FollowUp, LeadImage, Story
from generator.net.fetch import Fetcher
from generator.pipeline import day_window, render_post
from generator.post.extras import ExtraContext, collect_extras
from generator.post.images import LeadImages, collect_images, image_type
from generator.post.leaderboard import Leaderboard, Row, fetch_leaderboard, parse_leaderboard
from generator.post.render import LAYOUTS, Renderer
from generator.samples import SAMPLE_DATE
from generator.samples.demo import SAMPLE_NOW, build_site, copy_site, write_sample_config
from generator.site.layout import SiteLayout, load_site
from generator.site.publish import asset_path, check_gate, render_html, write_post
from generator.urls import safe_url

ZONE = ZoneInfo("Asia/Shanghai")
DAY = date(2026, 11, 16)
XSS_TITLE = "<img src=x onerror=alert(1)>"
XSS_SUMMARY = "[x](javascript:alert(1))"
COVER = "../../assets/covers/2026-11-16.png"
GENERATED = datetime(2026, 11, 16, 8, 20, tzinfo=ZONE)


def story(n: int, title: str, *, region: str = "cn", image: str | None = None, sources: int = 1) -> Story:
    return builders.story(
        *(
            builders.article(
                title,
                id=f"s{n}{k}",
                source=f"源{n}{'ABC'[k]}",
                url=f"https://example.com/{n}/{k}",
                extracted=False,
                published=datetime(2026, 11, 15, 2 + n, 5, tzinfo=UTC),
                image=image,
                region=region,
            )
            for k in range(sources)
        )
    )


def hostile_follow_up(day: date) -> FollowUp:
    """A follow-up with hostile headlines and source names, continuing the post of the day before."""
    earlier = day - timedelta(days=1)
    return FollowUp(
        story=story(6, XSS_TITLE, sources=2),
        headline=XSS_TITLE,
        thread="thread06",
        earlier=earlier,
        earlier_headline=XSS_TITLE,
        earlier_link=f"{earlier.isoformat()}.md",
        since=day - timedelta(days=3),
        new_sources=(XSS_SUMMARY,),
        new_figures=("100万",),
        new_names=("星枢",),
        importance=5,
        category="模型与研究",
        earlier_anchor="s-s10",  # the first entry's story of the day before
        changes=(FigureChange("100万", "下载量", "50万", earlier, rise=True),),
    )


def hostile_digest(day: date = DAY, follow_ups: bool = True) -> Digest:
    """A hostile title and summary in every featured story, in each category and both regions; a hostile
    follow-up of the post of the day before (unless `follow_ups` is false) and three old stories left out."""
    entries = (
        Entry(
            story(1, XSS_TITLE, image="https://img.example.com/a b.png", sources=2),
            XSS_TITLE,
            XSS_SUMMARY,
            "模型与研究",
            insights=(XSS_SUMMARY,),
            impacts=(XSS_TITLE,),
            importance=5,
            reason=XSS_TITLE,
            tags=(XSS_TITLE,),
        ),
        Entry(
            story(2, "行业新闻", region="global", image="javascript:alert(1)"),
            XSS_TITLE,
            XSS_SUMMARY,
            "产品与应用",
        ),
        Entry(
            story(3, "产业新闻"),
            "星衡智能完成融资",
            f"摘要 {XSS_SUMMARY} 与 算力券 政策",
            "资本与商业",
            importance=2,
        ),
        Entry(story(4, "别的"), "未知类别的新闻", XSS_SUMMARY, "其他"),
    )
    briefs = (Brief(story(5, XSS_TITLE, region="global"), XSS_TITLE),)
    return Digest(
        day=day,
        title=XSS_TITLE,
        summary=(XSS_TITLE, XSS_SUMMARY, "第三条", "第四条"),
        entries=entries,
        briefs=briefs,
        tags=("AI", XSS_TITLE),
        keywords=("AI", "算力券", XSS_TITLE),
        description=XSS_TITLE,
        editor="offline",
        items_read=42,
        categories=("模型与研究", "产品与应用", "算力与芯片", "资本与商业", "政策与安全"),
        follow_ups=(hostile_follow_up(day),) if follow_ups else (),
        skipped_old=3,
    )


def leaderboard(model: str = "starweave-2") -> Leaderboard:
    rows = (Row(3, model, 1441.7), Row(7, "qingzhou|edge", 1402.3))
    return Leaderboard(
        "国产大模型排行榜",
        rows,
        date(2026, 11, 15),
        GENERATED,
        "https://data.example.com/scores.json",
        "LMArena",
    )


def render(layout: str, digest: Digest | None = None, **kwargs: object) -> str:
    options = parse_settings({"sources": [{"name": "s", "url": "https://example.com/f"}]}).layouts.of(layout)
    return Renderer(layout, ZONE).render_body(
        digest or hostile_digest(), COVER, options=options, generated=GENERATED, site_name="AI 日报", **kwargs
    )


def tree(body: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(render_html(body), create_parent="div")


def assert_inert(page: lxml.html.HtmlElement) -> None:
    """Neither hostile string is live: no element with an event handler, no javascript: link or image."""
    assert not page.xpath("//*[@onerror or @onclick or @onload]")
    assert not page.xpath('//img[@src="x"]') and not page.xpath(
        "//script[not(@type='application/ld+json')][contains(., 'alert')]"
    )
    assert not [h for h in page.xpath("//a/@href | //img/@src") if h.strip().lower().startswith("javascript")]


# --- every layout, rendered -----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_shape_and_escaping(layout: str) -> None:
    body = render(layout, extra={"leaderboard": leaderboard()})
    assert body.count("<!-- more -->") == 1 and len(re.findall(r"^# ", body, re.M)) == 1
    html = tree(body)
    assert_inert(html)
    text = html.text_content()
    assert XSS_TITLE in text and XSS_SUMMARY in text  # shown as text
    hrefs = set(html.xpath("//a/@href"))
    allowed = {f"https://example.com/{n}/{k}" for n in range(1, 7) for k in range(2)} | {
        "2026-11-15.md#s-s10"
    }
    assert hrefs - allowed <= {"https://data.example.com/scores.json"}
    assert "42" in text and "5" in text  # items read and stories kept
    assert "后续跟踪 1 条，3 条旧闻已略过" in text  # the closing counts
    # the follow-up: a heading with its anchor, what is new in one sentence, its sources with their count, the
    # link to its place in the post before; placed among the entries by importance (insight: after the entry of
    # equal importance, before the others), else apart
    section = "模型与研究" if layout == "insight" else "后续 / 持续跟踪"
    (heading,) = [h for h in html.xpath("//h2") if h.text_content().strip() == section]
    follow_up = heading.getnext()
    if layout == "insight":
        follow_up = follow_up.getnext()
        while follow_up.tag != "h3":
            follow_up = follow_up.getnext()
    assert (
        follow_up.tag == "h3"
        and follow_up.text_content() == XSS_TITLE
        and follow_up.get("id") == "s-thread06"
    )
    assert (
        f"后续 · 11月15日报道以来的新进展：下载量由50万升至100万，首次提及星枢，{XSS_SUMMARY}跟进报道。"
        in text
    )
    (earlier,) = html.xpath('//a[@href="2026-11-15.md#s-s10"]')
    assert earlier.text_content() == f"前文：{XSS_TITLE}" and "自 2026-11-13 起持续跟踪" in text
    # every story has its stable anchor
    for item in (*hostile_digest().entries, *hostile_digest().briefs):
        assert html.xpath(f'//*[@id="s-{item.story.id}"]'), item.story.id
    assert text.count("2 家来源报道") == 2  # the first entry and the follow-up: two sources each
    for entry in hostile_digest().entries:  # every story's sources and time
        assert all(name in text for name in entry.story.source_names)
        assert entry.story.published.astimezone(ZONE).strftime("%H:%M") in text


@pytest.mark.parametrize("layout", LAYOUTS)
def test_layout_passes_the_gate(layout: str) -> None:
    settings = parse_settings({"sources": [{"name": "s", "url": "https://example.com/f"}], "layout": layout})
    site = load_site(Path(__file__).resolve().parents[1] / "mkdocs.yml")
    digest = hostile_digest()
    post = render_post(
        digest,
        settings,
        site,
        Renderer(layout, ZONE),
        extras={"leaderboard": leaderboard()},
        images=LeadImages(sources=LEAD_IMAGES),
        generated=GENERATED,
    )
    links = {safe_url(u) for s in digest.stories for u in s.urls} | {"https://data.example.com/scores.json"}
    images = {COVER} | {i.src for i in LEAD_IMAGES.values()}
    with pytest.raises(
        GateError, match=r"the link 2026-11-15\.md#s-s10 is not"
    ):  # no post of that day is known
        check_gate(post, min_stories=3, allowed_links=links, allowed_images=images, authors={"ainews"})
    links |= {"2026-11-15.md"}
    check_gate(post, min_stories=3, allowed_links=links, allowed_images=images, authors={"ainews"})
    shown = tree(post.body).xpath("//img[not(contains(@src, 'covers'))]/@src")
    assert shown == (
        ["https://img.example.com/a%20b.png"] if Renderer(layout, ZONE).uses("lead_image") else []
    )


# The verified lead image of the first story (generator/post/images.py checks it); the second story's is not verified.
LEAD_IMAGES = {"s10": LeadImage("https://img.example.com/a%20b.png", 640, 360)}


def test_briefing_sections_images_and_summary() -> None:
    body = render("briefing", images=LEAD_IMAGES)
    marker = r"(?: \{ data-search-exclude \})?"  # the search index leaves these headings out
    headings = re.findall(rf"^### (.+?){marker}$", body, re.M)
    assert headings[:4] == ["技术底座", "行业动态", "产业商业", "其他"]
    assert re.findall(r"^#### \d\. \*\*", body, re.M) and body.count("[阅读原文](") == 4
    html = tree(body)
    images = html.xpath("//img")
    assert [dict(i.attrib) for i in images] == [
        {"alt": XSS_TITLE, "src": COVER, "width": "1200", "height": "630"},  # above the fold: not lazy
        {
            "alt": XSS_TITLE,
            "src": "https://img.example.com/a%20b.png",
            "width": "640",
            "height": "360",
            "loading": "lazy",
            "referrerpolicy": "no-referrer",
        },
    ]  # no unverified image (the javascript: one of story 2)
    assert tree(render("briefing")).xpath("//img/@src") == [COVER]  # nothing verified: no lead image
    summary = body.split("## 今日摘要")[1].split("<!-- more -->")[0]
    assert len(re.findall(r"^- ", summary, re.M)) == 2  # four lines over at most three paragraphs
    assert "**算力券**" in body  # a key term in bold; "AI" (a base tag) never
    assert "**AI**" not in render("briefing", plain_terms=("AI",))


def test_briefing_uses_downloaded_images() -> None:
    digest = hostile_digest()
    local = "../../assets/images/2026-11-16/0123456789abcdef.png"
    body = render(
        "briefing",
        images={
            digest.entries[0].story.id: LeadImage(local, 4, 3),
            digest.entries[1].story.id: LeadImage("../../x.png", 4, 3),
        },
    )
    (cover, lead) = tree(body).xpath("//img")  # only our own download paths pass as local images
    assert dict(lead.attrib) == {
        "alt": XSS_TITLE,
        "src": local,
        "width": "4",
        "height": "3",
        "loading": "lazy",
    }


def test_tracker_leaderboard_and_footer() -> None:
    body = render("tracker", extra={"leaderboard": leaderboard("<b>x</b>")})
    html = tree(body)
    (table,) = html.xpath("//table")
    rows = [[c.text_content() for c in row.xpath("td")] for row in table.xpath(".//tr[td]")]
    assert rows == [["3", "<b>x</b>", "1442"], ["7", "qingzhou|edge", "1402"]]
    assert (
        "榜单日期：2026-11-15" in html.text_content() and "更新时间：2026-11-16 08:20" in html.text_content()
    )
    assert (
        "共 42 篇相关资讯，精选 5 篇" in html.text_content()
        and "生成时间：2026-11-16 08:20" in html.text_content()
    )
    assert re.findall(r"^\*\*来源\*\*：", body, re.M) and "**时间**：2026\\-11\\-15 11:05" in body
    lead = body.split("<!-- more -->")[0]
    assert [int(n) for n in re.findall(r"^(\d+)\. ", lead, re.M)] == [1, 2, 3, 4, 5]


def test_tracker_without_leaderboard_has_no_table() -> None:
    body = render("tracker")
    assert "<table" not in render_html(body) and "排行榜" not in body and "## 详细资讯" in body


def test_dispatch_regions_reasons_and_summary() -> None:
    body = render("dispatch")
    text = tree(body).text_content()
    assert "从 42 条原始信息中精选 5 条" in body and "生成时间：2026\\-11\\-16 08:20" in body
    assert (
        body.index("<!-- more -->")
        < body.index("## 精简版")
        < body.index("## 完整版")
        < body.index("## 今日总结")
    )
    assert "### 【国内动态】" in body and "### 【国际动态】" in body
    assert body.count("**入选理由**") == 4 and body.count("**标签**") == 4 and "🔥" in body and "📄" in body
    assert "国内动态 3 条、国际动态 2 条，其中 1 条为高重要性" in text


def test_unknown_layout_lists_the_real_ones(tmp_path: Path) -> None:
    from generator.errors import ConfigError

    with pytest.raises(ConfigError, match="available: briefing, dispatch, insight, tracker"):
        Renderer("_private", ZONE)


def test_a_template_without_more_marker_is_refused(tmp_path: Path) -> None:
    from generator.errors import ConfigError

    (tmp_path / "bare.md.j2").write_text("# {{ digest.title }}\n\ntext\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no <!-- more -->"):
        Renderer("bare", ZONE, templates=tmp_path).render_body(hostile_digest(), COVER)


def test_renderer_knows_what_a_layout_uses() -> None:
    assert Renderer("tracker", ZONE).uses("leaderboard") and not Renderer("insight", ZONE).uses("leaderboard")
    assert Renderer("briefing", ZONE).uses("lead_image") and not Renderer("dispatch", ZONE).uses("lead_image")


def test_a_layout_gets_data_only_when_it_declares_it() -> None:
    """Downloads (the leaderboard, checking lead images) follow the template's `{% set needs = [...] %}`, not the
    variable names it happens to read."""
    assert {layout: Renderer(layout, ZONE).needs for layout in LAYOUTS} == {
        "briefing": frozenset({"lead_images"}),
        "dispatch": frozenset(),
        "insight": frozenset(),
        "tracker": frozenset({"leaderboard"}),
    }


def test_naming_a_variable_fetches_nothing(tmp_path: Path) -> None:
    template = (
        "# {{ digest.title }}\n\n<!-- more -->\n{% if leaderboard %}{{ leaderboard.title }}{% endif %}\n"
    )
    (tmp_path / "quiet.md.j2").write_text(template, encoding="utf-8")
    renderer = Renderer("quiet", ZONE, templates=tmp_path)
    assert renderer.uses("leaderboard") and renderer.needs == frozenset()
    assert "leaderboard" not in collect_extras(renderer.needs, None).values  # type: ignore[arg-type]


@pytest.mark.parametrize("declaration", ['["leaderboard", "weather"]', "names", '"leaderboard"'])
def test_a_bad_declaration_is_one_line(tmp_path: Path, declaration: str) -> None:
    from generator.errors import ConfigError

    (tmp_path / "odd.md.j2").write_text(f"{{% set needs = {declaration} %}}\n# t\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"odd.md.j2: `\{% set needs = \[...\] %\}` must list some of: "):
        Renderer("odd", ZONE, templates=tmp_path)


# --- the leaderboard --------------------------------------------------------------------------------------------

SCORES = {
    "20261113": {"text": {"overall": {"a-1": 1400, "qwen-x": 1300}}},
    "20261115": {
        "text": {
            "overall": {"a-1": 1450.4, "qwen-x": 1390.6, "deepseek-y": 1420.0, "qwen-z": 1200, "bad": "n/a"}
        },
        "vision": {"overall": {"qwen-vl": 1100}},
    },
    "20261116": {"vision": {"overall": {"qwen-vl": 1101}}},  # no text scores: skipped
    "20261130": {"text": {"overall": {"qwen-x": 1500}}},  # after the post's day: not used
    "notes": "ignored",
}


def board(data: object, **settings: object) -> Leaderboard:
    options = LeaderboardSettings(url="https://data.example.com/s.json", **settings)
    content = data if isinstance(data, bytes) else json.dumps(data).encode()
    return parse_leaderboard(content, options, DAY, GENERATED, "https://data.example.com/s.json")


def test_leaderboard_ranks_filters_and_dates() -> None:
    result = board(SCORES, vendors=("QWEN", "deepseek"), top=2)
    assert result.day == date(2026, 11, 15)
    assert [(r.rank, r.model, r.score_text) for r in result.rows] == [
        (2, "deepseek-y", "1420"),
        (3, "qwen-x", "1391"),
    ]
    assert board(SCORES).rows[0] == Row(1, "a-1", 1450.4)
    flat = board({"2026-11-14": {"m": 0.5, "n": 0.75}}, keys=())
    assert [(r.model, r.score_text) for r in flat.rows] == [("n", "0.75"), ("m", "0.50")]


@pytest.mark.parametrize(
    ("data", "settings", "reason"),
    [
        (b"{not json", {}, "is not JSON"),
        ([1, 2], {}, "not a mapping of dates"),
        ({"latest": {}}, {}, "no YYYYMMDD date keys"),
        ({"20261115": {"vision": {}}}, {}, "no model scores under text/overall"),
        ({"20261115": {"text": {"overall": {"m": "high"}}}}, {}, "no numeric scores"),
        (SCORES, {"vendors": ("nomatch",)}, "matches the vendors nomatch"),
    ],
)
def test_leaderboard_failures_are_data_errors(data: object, settings: dict, reason: str) -> None:
    with pytest.raises(DataError, match=reason):
        board(data, **settings)


def test_leaderboard_fetched_through_the_fetcher(sample_server: str, fetch_settings) -> None:
    fetcher = Fetcher(fetch_settings)
    options = LeaderboardSettings(
        url=f"{sample_server}/leaderboard/scores.json", vendors=("starweave",), top=2
    )
    result = fetch_leaderboard(options, fetcher, SAMPLE_DATE, GENERATED)
    assert [r.model for r in result.rows] == ["starweave-2-instruct", "starweave-2-moe-thinking"]
    assert result.day == date(2026, 11, 15) and result.links == (options.url,)
    with pytest.raises(FetchError, match="over the 100-byte cap"):
        fetch_leaderboard(options.model_copy(update={"max_bytes": 100}), fetcher, SAMPLE_DATE, GENERATED)
    guarded = Fetcher(fetch_settings.model_copy(update={"allow_private_hosts": False}))
    with pytest.raises(FetchError, match="non-public address"):
        fetch_leaderboard(options, guarded, SAMPLE_DATE, GENERATED)
    # Its link is shown under the table: a link-local or metadata address is never fetched, whatever is allowed.
    for url in ("http://169.254.169.254/scores.json", "http://metadata.google.internal/scores.json"):
        with pytest.raises(DataError, match="link-local or metadata address"):
            fetch_leaderboard(options.model_copy(update={"url": url}), fetcher, SAMPLE_DATE, GENERATED)


def test_failing_extra_is_left_out_and_noted(sample_server: str, fetch_settings) -> None:
    settings = parse_settings(
        {
            "sources": [{"name": "s", "url": "https://example.com/f"}],
            "leaderboard": {"url": f"{sample_server}/leaderboard/missing.json"},
        }
    )
    extras = collect_extras(
        {"leaderboard", "digest"}, ExtraContext(DAY, settings, Fetcher(fetch_settings), GENERATED)
    )
    assert extras.values == {"leaderboard": None} and len(extras.notes) == 1
    assert "leaderboard section is left out" in extras.notes[0] and "HTTP 404" in extras.notes[0]
    bad_json = settings.model_copy(
        update={"leaderboard": LeaderboardSettings(url=f"{sample_server}/feeds/jiqi.xml")}
    )
    notes = collect_extras(
        {"leaderboard"}, ExtraContext(DAY, bad_json, Fetcher(fetch_settings), GENERATED)
    ).notes
    assert "is not JSON" in notes[0]


# --- lead images ------------------------------------------------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_image_type_checks_declared_and_real_type() -> None:
    assert image_type(png_bytes(), "image/png") == "png"
    assert image_type(b"\xff\xd8\xff\xe0rest", "image/jpeg; charset=binary") == "jpg"
    assert image_type(b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp") == "webp"
    for content, declared, reason in [
        (png_bytes(), "text/html", "not an image"),
        (b"<svg onload=alert(1)>", "image/svg+xml", "not a PNG, JPEG, GIF or WebP"),
        (png_bytes(), "image/jpeg", "declared image/jpeg but the bytes are png"),
    ]:
        with pytest.raises(DataError, match=reason):
            image_type(content, declared)


def test_collect_images_verifies_downloads_and_notes(sample_server: str, fetch_settings) -> None:
    stories = [
        story(1, "a", image=f"{sample_server}/images/starweave.png"),
        story(2, "b", image=f"{sample_server}/images/aurora-chip.jpg"),
        story(3, "c", image=f"{sample_server}/articles/jiqi/cmmb-2-benchmark.html"),  # not an image
        story(4, "d", image=f"{sample_server}/images/missing.png"),
        story(5, "e", image="javascript:alert(1)"),  # no candidate at all
    ]
    fetcher = Fetcher(fetch_settings)
    hot = collect_images(stories, DAY, PostSettings(), fetcher)
    assert hot.files == {} and hot.sources == {
        "s10": LeadImage(f"{sample_server}/images/starweave.png", 640, 360),
        "s20": LeadImage(f"{sample_server}/images/aurora-chip.jpg", 640, 360),
    }
    assert len(hot.notes) == 1 and hot.notes[0].startswith("2 lead image(s) left out")
    assert collect_images(stories, DAY, PostSettings(), fetcher, wanted=False) == LeadImages()
    docs = SiteLayout(Path("docs"))
    got = collect_images(stories, DAY, PostSettings(download_images=True), fetcher, layout=docs)
    assert set(got.sources) == {"s10", "s20"} and got.notes[0].startswith("2 lead image(s) left out")
    assert all(
        re.fullmatch(r"\.\./\.\./assets/images/2026-11-16/[0-9a-f]{16}\.(png|jpg)", image.src)
        and (image.width, image.height) == (640, 360)
        for image in got.sources.values()
    )
    assert {p.rsplit(".", 1)[1] for p in got.files} == {"png", "jpg"}
    small = collect_images(
        stories[:1], DAY, PostSettings(download_images=True, image_max_bytes=100), fetcher, layout=docs
    )
    assert small.sources == {} and small.files == {} and "over the 100-byte cap" in small.notes[-1]


def test_assets_are_written_only_under_docs_assets(tmp_path: Path) -> None:
    assert (
        asset_path(SiteLayout(tmp_path), "assets/images/2026-11-16/a.png")
        == tmp_path / "assets/images/2026-11-16/a.png"
    )
    for bad in ("../x.png", "assets/../../x.png", "/etc/x.png", "blog/x.png"):
        with pytest.raises(PublishError):
            asset_path(SiteLayout(tmp_path), bad)


# --- the sample day through the CLI with other layouts -----------------------------------------------------------


def run_cli(
    sample_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], **extra: object
) -> tuple[str, str, Path]:
    site = tmp_path / "src"
    copy_site(site, include_posts=False)
    config = write_sample_config(site, sample_server, tmp_path / "cache", extra)
    code = main(["generate", "--config", str(config), "--date", SAMPLE_DATE.isoformat(), "--now", SAMPLE_NOW])
    out, err = capsys.readouterr()
    assert code == 0, err
    return (site / "docs" / "blog" / "posts" / f"{SAMPLE_DATE}.md").read_text(encoding="utf-8"), err, site


def test_tracker_through_the_cli(
    sample_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post, err, _ = run_cli(sample_server, tmp_path, capsys, layout="tracker")
    assert "## 国产大模型排行榜（示例数据）" in post and "| 3 | starweave\\-2\\-instruct | 1442 |" in post
    assert "榜单日期：2026\\-11\\-15" in post and "leaderboard" not in err


def test_tracker_without_its_data_still_publishes(
    sample_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post, err, _ = run_cli(
        sample_server,
        tmp_path,
        capsys,
        layout="tracker",
        leaderboard={"url": f"{sample_server}/leaderboard/gone.json"},
    )
    assert "国产大模型排行榜" not in post and "| " not in post  # the section title (a story may say 排行榜)
    assert "note: the leaderboard section is left out" in err and "HTTP 404" in err
    (summary,) = (tmp_path / "cache" / "runs").glob("*.json")
    assert any("leaderboard" in note for note in json.loads(summary.read_text(encoding="utf-8"))["notes"])


def test_briefing_downloads_lead_images(
    sample_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = yaml.safe_load(
        (Path(__file__).resolve().parents[1] / "generator" / "config.yml").read_text(encoding="utf-8")
    )
    post, _, site = run_cli(
        sample_server, tmp_path, capsys, layout="briefing", post={**config["post"], "download_images": True}
    )
    sources = re.findall(r"!\[[^\]]*\]\((\.\./\.\./assets/images/[^)]+)\)", post)
    assert sources and sample_server not in "".join(re.findall(r"!\[[^\]]*\]\(([^)]+)\)", post))
    for src in sources:
        with Image.open(site / "docs" / src.removeprefix("../../")) as image:
            assert image.width > 0


# The sample day's same-story clusters (generator/samples/README.md), two of them across languages.
SAMPLE_CLUSTERS = (
    {
        "jiqi/starweave-2-open-source.html",
        "liangzi/starweave-2-128k.html",
        "northwind/xingheng-starweave-2.html",
    },
    {"northwind/aurora-3-inference-chip.html", "ledger/northwind-aurora-3.html", "guiji/aurora-3-chip.html"},
    {"jiqi/haizhou-compute-voucher.html", "guiji/haizhou-compute-voucher.gbk.html"},
    {"ledger/lumenary-series-c.html", "liangzi/lumenary-series-c.html"},
)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_no_story_appears_twice_in_any_layout(
    sample_server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], layout: str
) -> None:
    """Every line of the post that cites a member of a same-story cluster cites all of its members: the cluster is
    one entry (the StarWeave-2 English report is not a story of its own in 国际 next to its Chinese twin in 国内)."""
    post, _, _ = run_cli(sample_server, tmp_path, capsys, layout=layout)
    body = post.split("\n---\n", 1)[1]
    cited = 0
    for line in body.splitlines():
        links = {
            url.split("/articles/")[-1]
            for text, url in re.findall(r"\[([^\]]*)\]\(([^)\s]+)\)", line)
            if text != "阅读原文"  # the primary article's link, beside its cited sources
        }
        for cluster in SAMPLE_CLUSTERS:
            if links & cluster:
                assert cluster <= links, (layout, line)
                cited += 1
    assert cited >= len(SAMPLE_CLUSTERS)


# --- every layout through mkdocs build --strict -------------------------------------------------------------------


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, date]]]:
    """One hostile post per layout (on consecutive days) written by the publisher, then one strict build."""
    root = tmp_path_factory.mktemp("layouts")
    copy_site(root / "src", include_posts=False)
    configure_telegram(root / "src" / "mkdocs.yml")
    docs = root / "src" / "docs"
    site = load_site(root / "src" / "mkdocs.yml")
    days: dict[str, date] = {}
    for offset, layout in enumerate(LAYOUTS):
        day = date(2026, 11, 16 + offset)
        days[layout] = day
        settings = parse_settings(
            {"sources": [{"name": "s", "url": "https://example.com/f"}], "layout": layout}
        )
        digest = hostile_digest(day, follow_ups=offset > 0)  # a follow-up links to the post of the day before
        files = {f"assets/images/{day}/00000000000000aa.png": png_bytes()}
        images = LeadImages(
            sources={digest.entries[0].story.id: LeadImage(f"../../{next(iter(files))}", 4, 4)}, files=files
        )
        post = render_post(
            digest,
            settings,
            site,
            Renderer(layout, ZONE),
            extras={"leaderboard": leaderboard(XSS_TITLE)},
            images=images,
            generated=GENERATED,
        )
        write_post(post, SiteLayout(docs), force=False)
    # A hand-edited post with raw markup in its tags: the site's meta_guard hook is the safety net.
    insight = docs / "blog" / "posts" / f"{days['insight']}.md"
    text = insight.read_text(encoding="utf-8")
    edited = text.replace("tags:\n- AI\n", "tags:\n- AI\n- <img src=x onerror=alert(2)>\n- AT&T\n", 1)
    assert edited != text
    insight.write_text(edited, encoding="utf-8")
    build_site(root / "src", root / "site")
    yield root / "site", days


def built_post(site: Path, day: date) -> lxml.html.HtmlElement:
    (page,) = site.glob(f"{day:%Y/%m/%d}/*/index.html")
    return lxml.html.fromstring(page.read_bytes())


@pytest.mark.parametrize("layout", LAYOUTS)
def test_built_layout_is_inert_and_complete(layout_site: tuple[Path, dict[str, date]], layout: str) -> None:
    site, days = layout_site
    page = built_post(site, days[layout])
    (article,) = page.xpath("//article")
    assert_inert(page)
    assert XSS_TITLE in article.text_content() and XSS_SUMMARY in article.text_content()
    assert len(article.xpath(".//h1")) == 1 and len(page.find_class("telegram-card")) == 1
    assert any(src.endswith(f"assets/covers/{days[layout]}.png") for src in article.xpath(".//img/@src"))
    earlier = article.xpath(".//a[starts-with(normalize-space(.), '前文：')]/@href")
    if days[layout] > min(days.values()):  # the story's place in the post of the day before, by its permalink
        (href,) = earlier
        assert re.fullmatch(rf"\.\./\.\./{days[layout].day - 1}/[a-z0-9-]+/#s-s10", href), href
        before = built_post(site, days[layout] - timedelta(days=1))
        assert before.xpath('//*[@id="s-s10"]')  # the anchor is there, whatever that post's layout
    else:
        assert earlier == []


def test_built_site_pages_feeds_and_index_are_inert(layout_site: tuple[Path, dict[str, date]]) -> None:
    site, days = layout_site
    for html_file in site.rglob("*.html"):
        assert_inert(lxml.html.fromstring(html_file.read_bytes()))
    home = lxml.html.fromstring((site / "index.html").read_bytes())
    assert len(home.find_class("md-post--excerpt")) == len(LAYOUTS) and not home.find_class("telegram-card")
    assert "telegram-card" not in (site / "search" / "search_index.json").read_text(encoding="utf-8")
    briefing = built_post(site, days["briefing"])
    assert any(
        src.endswith(f"assets/images/{days['briefing']}/00000000000000aa.png")
        for src in briefing.xpath("//article//img/@src")
    )
    assert (site / "assets" / "images" / str(days["briefing"]) / "00000000000000aa.png").is_file()


def test_rss_has_one_item_per_post_with_cover_and_categories(
    layout_site: tuple[Path, dict[str, date]],
) -> None:
    site, days = layout_site
    for name in ("feed_rss_created.xml", "feed_rss_updated.xml"):
        raw = (site / name).read_bytes()
        feed = feedparser.parse(raw)
        assert not feed.bozo, feed.get("bozo_exception")
        assert len(feed.entries) == len(LAYOUTS)
        for entry in feed.entries:
            (enclosure,) = [link for link in entry.links if link.get("rel") == "enclosure"]
            assert (
                re.search(r"assets/covers/2026-11-\d\d\.png$", enclosure["href"])
                and enclosure["type"] == "image/png"
            )
            assert int(enclosure["length"]) > 1000
            assert {"AI 日报", "AI"} <= {t["term"] for t in entry.tags}
        assert b"<img src=x" not in raw and b"telegram" not in raw.lower() and "AT＆T".encode() in raw


SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_and_seo_tags_on_posts(layout_site: tuple[Path, dict[str, date]]) -> None:
    site, days = layout_site
    site_url = "https://example.github.io/ai-news-daily/"
    sitemap = etree.fromstring((site / "sitemap.xml").read_bytes())
    lastmod = {
        url.findtext("sm:loc", namespaces=SM): url.findtext("sm:lastmod", namespaces=SM) for url in sitemap
    }
    settings = parse_settings({"sources": [{"name": "s", "url": "https://example.com/f"}]})
    for layout, day in days.items():
        published = day_window(day, settings)[1].isoformat()  # the window's end, with its offset
        assert published == f"{day}T08:00:00+08:00"
        page = built_post(site, day)
        (canonical,) = page.xpath('//link[@rel="canonical"]/@href')
        assert canonical.startswith(site_url) and lastmod[canonical] == published, layout
        meta = {m.get("property") or m.get("name"): m.get("content") for m in page.xpath("//head/meta")}
        assert meta["og:type"] == "article" and meta["twitter:card"] == "summary_large_image"
        assert meta["og:image"] == f"{site_url}assets/covers/{day}.png" and meta["og:url"] == canonical
        assert meta["article:published_time"] == meta["article:modified_time"] == published
        assert meta["keywords"].startswith("AI, ") and meta["og:locale"] == "zh_CN"
        title = page.xpath("//title")[0].text
        assert "<" not in meta["og:title"] and "<" not in title
        assert title == f"{meta['og:title']} - AI 日报"  # the e2e test has a title that names the site
        (ld_text,) = page.xpath('//script[@type="application/ld+json"]/text()')
        ld = json.loads(ld_text)
        assert ld["@type"] == "BlogPosting" and ld["datePublished"] == ld["dateModified"] == published
        assert ld["inLanguage"] == page.get("lang") == "zh"
        assert (
            ld["image"] == [meta["og:image"]]
            and ld["author"]["name"]
            and ld["publisher"]["logo"]["url"].startswith(site_url)
        )
        assert ld["headline"] and "</script" not in ld_text


# --- the Telegram card partial ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "button"), [("zh", "立即加入群组"), ("en", "Join the group")])
def test_telegram_card_follows_the_site_language(language: str, button: str) -> None:
    import jinja2
    import material

    root = Path(__file__).resolve().parents[1]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(
            [str(root / "overrides"), str(Path(material.__file__).parent / "templates")]
        )
    )
    env.filters["url"] = lambda value: f"../../{value}"
    template = env.get_template("partials/comments.html")
    telegram = {"handle": "@ai_news", "group": 'https://t.me/ai_news"><script>', "qr": "assets/qr.png"}
    config = {"theme": {"language": language}, "extra": {"telegram": telegram}}
    post = {"config": {"date": {"created": "2026-11-16 08:00:00+08:00"}}}  # a blog post: the blog dates it
    html = lxml.html.fragment_fromstring(template.render(config=config, page=post), create_parent="div")
    assert [a.get("href") for a in html.xpath("//a")] == [telegram["group"]] * 2 and not html.xpath(
        "//script"
    )
    assert (
        html.xpath("//a[@class='telegram-card__cta']")[0].text == button and "@ai_news" in html.text_content()
    )
    assert html.xpath("//img/@src") == ["../../assets/qr.png"]
    assert template.render(config=config, page={"url": "", "meta": {"title": "最新"}}).strip() == ""
    assert template.render(config={**config, "extra": {"telegram": {"group": ""}}}, page=post).strip() == ""
