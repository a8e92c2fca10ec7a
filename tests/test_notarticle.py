"""Pages that are not the article (generator.notarticle, through extract.extract_article): walls, shells, error
pages and bytes that are no web page are recognised from several signals in either language; real articles that
only talk about subscriptions, cookies, JavaScript or missing pages are read. All pages are written here, with
fictional names."""

from __future__ import annotations

import builders
import pytest

from generator.errors import NotArticleError
from generator.extract import extract_article
from generator.extract.notarticle import NotArticle, sniff_bytes
from generator.models import FeedItem

ZH_TITLE = "星衡智能发布千亿参数开源大模型星织3"
EN_TITLE = "Northwind Labs ships the Aurora-4 inference chip"
ZH_STORY = (
    "星衡智能今天在杭州发布千亿参数开源大模型星织3，推理速度比上一代提升一倍。",
    "星织3的权重以开放许可证发布，开发者可以免费下载并在本地部署，企业版将在明年初上线。",
    "星衡智能表示，星织3在中文长文本理解和代码生成两项评测中均取得了领先成绩，训练数据全部经过清洗。",
    "分析人士认为，千亿参数的开源大模型将降低中小企业使用人工智能的门槛，也会加剧国内大模型厂商的价格竞争。",
)
EN_STORY = (
    "Northwind Labs on Tuesday shipped Aurora-4, an inference chip it says serves large language models at half "
    "the power of its predecessor.",
    "The Aurora-4 pairs a larger pool of on-chip memory with support for 4-bit number formats, and the company "
    "says the first cloud customers will receive boards in March.",
    "Northwind Labs said the chip was designed for chat models with long context windows, where memory traffic "
    "dominates the cost of serving each token.",
    "Analysts said the launch puts pressure on rivals that have yet to ship a chip built for inference alone.",
)


def item(title: str) -> FeedItem:
    return builders.feed_item(
        title, id="n1", source="S", url="https://news.example/a", summary="feed summary"
    )


def html(title: str, body: str, head: str = "") -> bytes:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><header><nav>首页 Home</nav></header>{body}<footer>© Example</footer></body></html>"
    ).encode()


def paragraphs(lines: tuple[str, ...]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def verdict(title: str, content: bytes) -> str | None:
    """The kind of the page (a NotArticle kind), or None when it was read as the article."""
    try:
        article = extract_article(
            item(title), content, {"Content-Type": "text/html"}, "https://news.example/a", 8000
        )
    except NotArticleError as error:
        assert isinstance(error.verdict, NotArticle)
        return error.verdict.kind
    assert article.extracted, "a real article must be read"
    return None


ZH_PAYWALL = html(
    ZH_TITLE,
    f"<article><h1>{ZH_TITLE}</h1>{paragraphs(ZH_STORY[:1])}"
    "<div class='paywall-gate'><p>本文为付费内容，订阅后即可阅读全文。</p>"
    "<p>开通会员，每月仅需 15 元，畅读全部深度报道。</p><p>已是订阅用户？请登录</p></div></article>",
)
EN_PAYWALL = html(
    EN_TITLE,
    f"<article><h1>{EN_TITLE}</h1>{paragraphs(EN_STORY[:1])}"
    "<p>Subscribe to continue reading. Get unlimited access to every story, newsletter and podcast.</p>"
    "<p>Already a subscriber? Sign in.</p></article>",
    head='<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": false}</script>',
)
EN_CONSENT = html(
    "Before you continue",
    "<div id='consent-dialog'><h2>We value your privacy</h2><p>We use cookies and similar technologies to "
    "personalise content and ads, to provide social media features and to analyse our traffic. We and our partners "
    "store and access information on your device.</p><p>You can change your choices at any time in Cookie settings."
    "</p><button>Accept all</button><button>Reject all</button></div>",
)
ZH_CONSENT = html(
    "隐私设置",
    "<div class='cookie-banner'><p>本网站使用Cookie来改善您的浏览体验并分析网站流量。继续浏览即表示您同意我们按照"
    "隐私政策使用Cookie。您可以在隐私设置中随时修改您的选择。</p><button>接受全部</button>"
    "<button>拒绝全部</button></div>",
)
ZH_SCRIPT = html(
    ZH_TITLE,
    "<noscript>请启用JavaScript后访问本页面。</noscript><div id='app'></div>"
    "<script src='/static/app.3f9a.js'></script>",
)
EN_BOT_CHECK = html(
    "Just a moment...",
    "<div class='challenge'><h1>Checking your browser before accessing news.example</h1>"
    "<p>Please verify you are human. This process is automatic.</p></div>"
    "<noscript>Enable JavaScript and cookies to continue</noscript>",
)
RELATED = "".join(
    f"<li><a href='/p/{n}'>海川科技第{n}期：算力租赁市场观察与产业链调研</a></li>" for n in range(12)
)
ZH_ERROR = html(
    "404 页面不存在",
    f"<div class='error-404'><h1>抱歉，您访问的页面不存在</h1><p>可能已被删除或移动。</p></div>"
    f"<section><h2>推荐阅读</h2><ul>{RELATED}</ul></section>",
)
EN_ERROR = html(
    "Page not found | Northwind Review",
    "<main><h1>Page not found</h1><p>The page you requested could not be found. It may have been moved or "
    "removed.</p><p><a href='/'>Back to the home page</a></p></main>",
)


@pytest.mark.parametrize(
    ("title", "content", "kind"),
    [
        (ZH_TITLE, ZH_PAYWALL, "paywall"),
        (EN_TITLE, EN_PAYWALL, "paywall"),
        (EN_TITLE, EN_CONSENT, "consent"),
        (ZH_TITLE, ZH_CONSENT, "consent"),
        (ZH_TITLE, ZH_SCRIPT, "script"),
        (EN_TITLE, EN_BOT_CHECK, "script"),
        (ZH_TITLE, ZH_ERROR, "error"),
        (EN_TITLE, EN_ERROR, "error"),
    ],
)
def test_walls_shells_and_error_pages_are_not_the_article(title: str, content: bytes, kind: str) -> None:
    assert verdict(title, content) == kind


COOKIE_BANNER = (
    "<div id='cookie-consent'><p>We use cookies to improve the site. <a href='/privacy'>Cookie policy</a></p>"
    "<button>Accept all</button></div>"
)


@pytest.mark.parametrize(
    ("title", "content"),
    [
        # a long article about paywalls, with a cookie banner and a JavaScript notice beside it
        (
            "海川日报宣布推出付费订阅，会员可阅读全部深度报道",
            html(
                "海川日报推出付费订阅",
                "<article><h1>海川日报宣布推出付费订阅</h1>"
                + paragraphs(
                    (
                        "海川日报今天宣布推出付费订阅服务，会员可阅读全部深度报道，订阅后即可阅读全文的文章将占网站内容的三成。",
                        "海川日报表示，新的付费订阅模式借助大模型为读者推荐文章，已是订阅用户的读者将自动升级为会员。",
                        *ZH_STORY[1:],
                    )
                )
                + "</article><noscript>请启用JavaScript以获得最佳体验</noscript>"
                + COOKIE_BANNER,
            ),
        ),
        # a short article (under ARTICLE_MIN) with a cookie banner outside its text
        (
            EN_TITLE,
            html(
                EN_TITLE, f"<article><h1>{EN_TITLE}</h1>{paragraphs(EN_STORY[:2])}</article>{COOKIE_BANNER}"
            ),
        ),
        # an article about an outage that quotes an error page
        (
            "Cirrus Grid outage left model endpoints returning page not found errors",
            html(
                "Cirrus Grid outage",
                "<article><h1>Cirrus Grid outage</h1>"
                + paragraphs(
                    (
                        "Cirrus Grid said a configuration change on Monday left its model endpoints returning "
                        "“page not found” errors for three hours, cutting off customers' AI agents.",
                        "Developers reported that the page you requested could not be found messages appeared on "
                        "every inference call, and the company said something went wrong in a routing update.",
                        "The company restored the endpoints by rolling the change back, and said it would add a "
                        "second review before routing updates reach its largest regions.",
                        "Customers running agents on the platform said retries had doubled their bills for the "
                        "day, and some asked for credits in the company's community forum.",
                        *EN_STORY[2:],
                    )
                )
                + "</article>",
                head="<title>Error budget: Cirrus Grid outage</title>",
            ),
        ),
        (ZH_TITLE, html(ZH_TITLE, f"<article><h1>{ZH_TITLE}</h1>{paragraphs(ZH_STORY)}</article>")),
    ],
)
def test_articles_that_only_mention_walls_are_read(title: str, content: bytes) -> None:
    assert verdict(title, content) is None


def test_one_phrase_is_not_enough() -> None:
    """A teaser page with a single paywall phrase and no paywall markup is read (one signal, not two)."""
    page = html(
        ZH_TITLE,
        f"<article><h1>{ZH_TITLE}</h1>{paragraphs(ZH_STORY[:2])}<p>开通会员，畅读更多。</p></article>",
    )
    assert verdict(ZH_TITLE, page) is None


@pytest.mark.parametrize(
    ("content", "declared", "kind"),
    [
        (b"%PDF-1.4\n", "text/html", "document"),
        (b"{\\rtf1\\ansi", "text/html", "document"),
        (b"7z\xbc\xaf\x27\x1c\x00\x04", "text/html", "archive"),
        (b"Rar!\x1a\x07\x01\x00", "application/octet-stream", "archive"),
        (b"\xfd7zXZ\x00\x00", "text/html", "compressed"),
        (b"\x28\xb5\x2f\xfd\x00", "text/html", "compressed"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "text/html", "image"),
        (b"GIF89a\x01\x00", "text/html", "image"),
        (b"\x00\x00\x00\x1cftypavif", "text/html", "image"),
        (b"ID3\x04\x00", "text/html", "media"),
        (b"\x1aE\xdf\xa3\x9f", "text/html", "media"),
        (b"\x00\x00\x00\x00\x01\x02binary", "text/html", "binary"),
        (b"plain words, no markup", "application/json", "not-html"),
        (b"", "text/html", "empty"),
    ],
)
def test_file_signatures_whatever_the_headers_claim(content: bytes, declared: str, kind: str) -> None:
    found = sniff_bytes(content, declared)
    assert found is not None and found.kind == kind


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><body><p>text</p></body></html>",
        b"\xef\xbb\xbf\n  <html lang='zh'><p>\x01\x02 stray controls in a page</p></html>",
        b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'/>",
        b"plain words served as a page",
    ],
)
def test_markup_and_text_are_read(content: bytes) -> None:
    assert sniff_bytes(content, "text/html; charset=utf-8") is None
