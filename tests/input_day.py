"""A small day of faulty input (issue 18), written for the tests with fictional names: feeds and pages served on
loopback, one source per kind of fault and route in.

`serve_input_day(server)` registers every feed and page on a pytest-httpserver under /input/ and returns the
sources for the config. What each source carries:

| source | kind | route in |
|---|---|---|
| 付费墙日报 | 1 not the article | a Chinese paywall (teaser, pitch, `paywall` class); PDF bytes served as text/html |
| Consent Wire | 1 | an English consent interstitial (Atom); gzip bytes without Content-Encoding |
| 壳页观察 | 1 | a JavaScript shell; an error page served with 200; a real article about paywalls (read) |
| 转义快讯 | 2 escaped markup | RSS: an escaped CDATA title and summary; a CDATA nested in a CDATA |
| Escaped Atom | 2 | Atom type="html" CDATA title and twice-escaped summary; type="text" title with tags |
| 内网转载 | 3 links not public | private link, public guid; private and link-local links alone; og:url, canonical |
| Intranet Atom | 3 | an intranet link with a public id; a page on localhost, fetched (the allowed exception) |
| 隐形字符 | 5 invisible characters | `&shy;` in a title word; raw ZWSP, bidi, emoji ZWJ; a GBK page with controls |
| Invisible Atom | 5 | character references to ZWSP and word joiner in an Atom title |
| 署名测试 | 6 credits | a Chinese page with a dateline, a byline, a photo credit, an editor; a summary with a byline |
| Byline Wire | 6 | an English page with a wire dateline, a "By … |" byline and a "(Reporting by …)" credit |
| 元数据 | 3 | a source at a cloud metadata address (never fetched, never listed) |
"""

from __future__ import annotations

import gzip
from typing import Any

from pytest_httpserver import HTTPServer

WHEN = "Sun, 15 Nov 2026 {}:00 +0800"
ATOM_WHEN = "2026-11-15T{}:00+08:00"


def _rss(title: str, items: str, encoding: str = "utf-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>{title}</title>'
        f"<link>https://feeds.example/</link><description>d</description>{items}</channel></rss>"
    )


def _item(title: str, link: str, hour: str, description: str = "", extra: str = "") -> str:
    return (
        f"<item><title>{title}</title><link>{link}</link><pubDate>{WHEN.format(hour)}</pubDate>"
        f"<description>{description}</description>{extra}</item>"
    )


def _atom(title: str, entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{title}</title><id>urn:input:{len(entries)}</id><updated>2026-11-15T23:00:00+08:00</updated>"
        f"{entries}</feed>"
    )


def _entry(title: str, link: str, hour: str, body: str = "", extra: str = "", uid: str = "") -> str:
    return (
        f'<entry>{title}<link href="{link}"/><id>{uid or "urn:input:" + link}</id>'
        f"<updated>{ATOM_WHEN.format(hour)}</updated>{body}{extra}</entry>"
    )


def _page(title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='{charset}'><title>{title}</title>{head}</head><body>"
        f"<header><nav>首页 | 科技 | 关于</nav></header><main>{body}</main><footer>© 示例网站</footer></body></html>"
    )


def _article(title: str, *paragraphs: str) -> str:
    return f"<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article>"


# ---- kind 1: pages that are not the article -----------------------------------------------------------------------

PAYWALL_ZH = _page(
    "云杉智能发布语音大模型云杉Voice-2",
    _article("云杉智能发布语音大模型云杉Voice-2", "云杉智能今天在成都发布语音大模型云杉Voice-2。")
    + "<div class='paywall'><p>本文为付费内容，订阅后即可阅读全文。</p><p>开通会员，每月仅需 15 元。</p>"
    "<p>已是订阅用户？请登录</p></div>",
)
CONSENT_EN = _page(
    "Before you continue",
    "<div id='cookie-consent'><h2>We value your privacy</h2><p>We use cookies and similar technologies to "
    "personalise content and ads and to analyse our traffic. We and our partners store and access information on "
    "your device, such as cookies, and process personal data.</p><p>Producer settings can be changed in Cookie "
    "settings at any time.</p><button>Accept all</button><button>Reject all</button></div>",
)
SHELL_ZH = _page(
    "灵犀机器人",
    "<noscript>请启用JavaScript后访问本站。您的浏览器已禁用JavaScript。</noscript><div id='app'></div>"
    "<script src='/static/app.9c1e.js'></script>",
)
ERROR_ZH = _page(
    "404 页面不存在 - 北辰研究院",
    "<div class='error-404'><h1>抱歉，您访问的页面不存在</h1><p>该内容可能已被删除或移动。</p></div>"
    "<section><h2>推荐阅读</h2><ul>"
    + "".join(
        f"<li><a href='/p/{n}'>北辰研究院第{n}期学术沙龙：量子计算与材料科学前沿</a></li>" for n in range(10)
    )
    + "</ul></section>",
)
REAL_PAYWALL_NEWS = _page(
    "南山传媒上线AI付费订阅服务",
    _article(
        "南山传媒上线AI付费订阅服务",
        "南山传媒今天宣布上线付费订阅服务，订阅用户可以使用大模型生成每日新闻摘要，首月免费试用。",
        "南山传媒表示，已是订阅用户的读者将自动获得大模型摘要功能，新用户订阅后即可阅读全文的文章将占网站内容的三成。",
        "分析人士认为，借助人工智能为付费读者提供个性化服务，正在成为地方媒体探索收入来源的新方向。",
        "南山传媒计划明年把摘要功能扩展到音频节目，并与本地高校合作研究中文新闻写作的评测方法。",
    )
    + "<div class='cookie-banner'><p>本网站使用Cookie改善浏览体验。</p><button>接受全部</button></div>",
)
PDF_BYTES = (
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\nProducer (Fictional Writer 3.1)\n"
)
LUMEN_PAGE = _page(
    "Lumen AI raises $40 million",
    _article(
        "Lumen AI raises $40 million",
        "Lumen AI raised $40 million to build tooling for AI agents, the company said on Sunday.",
    ),
)

# ---- kind 3: a page reached on loopback that names its public URL --------------------------------------------------

OG_URL_PAGE = _page(
    "云起资讯：千帆智能发布AI芯片",
    _article(
        "千帆智能发布AI推理芯片千帆T2",
        "千帆智能今天发布AI推理芯片千帆T2，单卡可运行七百亿参数的大模型，功耗比上一代降低四成。",
        "千帆智能表示，千帆T2将于明年一季度向云服务商批量供货，首批客户包括三家国内数据中心运营商。",
    ),
    head="<meta property='og:url' content='https://yunqi.example/news/qianfan-t2'>"
    "<meta property='og:image' content='http://10.0.0.9/lead.jpg'>",
)
CANONICAL_PAGE = _page(
    "云起资讯：万象科技开源视频生成模型",
    _article(
        "万象科技开源视频生成模型万象Motion",
        "万象科技今天开源视频生成模型万象Motion，可以根据一句中文描述生成十秒高清视频。",
        "万象科技表示，万象Motion的训练代码和权重均以开放许可证发布，开发者可以在单张显卡上微调。",
    ),
    head="<link rel='canonical' href='https://yunqi.example/news/wanxiang-motion'>"
    "<meta property='og:image' content='http://[fe80::1]/lead.jpg'>",
)
LOCALHOST_PAGE = _page(
    "Harbor Robotics",
    _article(
        "Harbor Robotics trains a picking model on synthetic scenes",
        "Harbor Robotics trained a picking model for its warehouse robot arm on synthetic scenes, the company "
        "said, and the model now handles 40 kinds of parcels without extra training.",
        "The company plans to open a public benchmark for warehouse picking models next spring.",
    ),
)

# ---- kind 5: invisible characters in a page ------------------------------------------------------------------------

SOFT_PAGE = _page(
    "QuantaFlow",
    _article(
        "Quanta&shy;Flow 发布多模态大模型",
        "Quanta&shy;Flow 今天发布多模态大模型 Quanta&shy;Flow-2，可同时理解图像、语音和文本。",
        "Quanta&shy;Flow&#8203;表示，新模型在十二项多模态评测中取得领先，并将向开发者开放接口。",
    ),
)
GBK_PAGE_BODY = _article(
    "云杉AI发布智能体框架",
    "云杉AI今天发布智能体框架云杉Agent，\x01开发者可以用\x1b几行代码搭建多步骤任务。",
    "云杉AI表示，云杉Agent&#1;支持调用&#xFFFE;外部工具&#x0B;和长期记忆，首批合作伙伴已在客服场景试用。",
)

# ---- kind 6: credits glued to the story ----------------------------------------------------------------------------

BYLINE_ZH = _page(
    "澜舟科技发布金融大模型",
    _article(
        "澜舟科技发布金融大模型澜舟Fin-2",
        "本报北京11月15日电（记者 林晓）澜舟科技今天发布金融大模型澜舟Fin-2，可自动撰写研究报告。",
        "澜舟Fin-2已在三家券商试用（图片来源：云杉图库），生成一份研究报告的时间从两天缩短到两小时。",
        "澜舟科技表示，下一步将把模型开放给中小金融机构使用。（责编：李青禾）",
    ),
)
BYLINE_EN = _page(
    "Aster Robotics",
    _article(
        "Aster Robotics unveils a humanoid robot for hospitals",
        "SAN FRANCISCO (Northwire) — Aster Robotics on Sunday unveiled Medi-1, a humanoid robot that delivers "
        "medicine inside hospitals using a vision language model.",
        "By Mira Castell | The robot will be tested in two hospitals next year, the company said.",
        "Aster Robotics said the robot learned its routes from video of nurses at work. (Reporting by Mira "
        "Castell; Editing by Tom Vale)",
    ),
)


def serve_input_day(server: HTTPServer) -> list[dict[str, Any]]:
    """Register the day's feeds and pages on `server` under /input/; returns the sources for the config."""
    base = server.url_for("/input").rstrip("/")
    local = base.replace("127.0.0.1", "localhost")

    def page(path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8") -> str:
        server.expect_request(f"/input/{path}").respond_with_data(body, content_type=content_type)
        return f"{base}/{path}"

    feeds: dict[str, str] = {
        "paywall.xml": _rss(
            "付费墙日报",
            _item(
                "云杉智能发布语音大模型云杉Voice-2",
                page("paywall/voice-2.html", PAYWALL_ZH),
                "20:00",
                "云杉智能发布语音大模型云杉Voice-2，支持二十种方言识别，识别错误率下降三成。",
            )
            + _item(
                "海川科技公布多模态大模型海川M4的训练细节",
                page("paywall/m4-report", PDF_BYTES),
                "19:00",
                "海川科技公布多模态大模型海川M4的训练细节，训练数据规模达到十万亿词元。",
            ),
        ),
        "consent.xml": _atom(
            "Consent Wire",
            _entry(
                "<title>Orbit Labs opens the weights of its Nova-7 language model</title>",
                page("consent/nova-7.html", CONSENT_EN),
                "18:00",
                "<summary>Orbit Labs released the weights of Nova-7, a seven-billion-parameter language model, "
                "under an open licence.</summary>",
            )
            + _entry(
                "<title>Lumen AI raises $40 million for AI agent tooling</title>",
                page("consent/lumen", gzip.compress(LUMEN_PAGE.encode())),
                "17:00",
                "<summary>Lumen AI raised $40 million to build tooling for AI agents.</summary>",
            ),
        ),
        "shell.xml": _rss(
            "壳页观察",
            _item(
                "灵犀机器人发布具身智能平台灵犀Hand-3",
                page("shell/hand-3.html", SHELL_ZH),
                "16:00",
                "灵犀机器人发布具身智能平台灵犀Hand-3，灵巧手支持二十二个自由度。",
            )
            + _item(
                "北辰研究院开源中文大模型评测集北辰Eval",
                page("shell/eval.html", ERROR_ZH),
                "15:00",
                "北辰研究院开源中文大模型评测集北辰Eval，覆盖十二类任务。",
            )
            + _item(
                "南山传媒上线AI付费订阅服务",
                page("shell/nanshan.html", REAL_PAYWALL_NEWS),
                "14:00",
                "南山传媒上线AI付费订阅服务。",
            ),
        ),
        "escaped.xml": _rss(
            "转义快讯",
            _item(
                "&lt;![CDATA[星桥智能发布大模型推理芯片星桥X1]]&gt;",
                "https://xq.example/news/x1",
                "21:00",
                "&lt;![CDATA[&lt;p&gt;星桥智能今天发布推理芯片星桥X1，&lt;b&gt;大模型&lt;/b&gt;推理能效提升一倍。&lt;/p&gt;]]&gt;",
            )
            + _item(
                "<![CDATA[<![CDATA[锦程AI发布代码大模型锦程Coder]]]]><![CDATA[>]]>",
                "https://xq.example/news/coder",
                "13:00",
                "<![CDATA[<![CDATA[<p>锦程Coder支持三十种编程语言的代码补全。</p>]]]]><![CDATA[>]]>",
            ),
        ),
        "escaped-atom.xml": _atom(
            "Escaped Atom",
            _entry(
                '<title type="html">&lt;![CDATA[Helix &amp;amp; Pylon build a GPU cluster for LLM training]]&gt;'
                "</title>",
                "https://helix.example/gpu-cluster",
                "12:00",
                '<summary type="html">&amp;lt;p&amp;gt;Helix and Pylon will share a 4,096-GPU cluster to '
                "train &amp;lt;i&amp;gt;open-weights&amp;lt;/i&amp;gt; LLMs.&amp;lt;/p&amp;gt;</summary>",
            )
            + _entry(
                '<title type="text">&lt;b&gt;Vector Labs&lt;/b&gt; releases an open-weights speech LLM</title>',
                "https://vector.example/speech",
                "11:00",
                '<content type="html">&lt;![CDATA[&lt;p&gt;Vector Labs released Vector Speech, an open-weights '
                "speech LLM.&lt;/p&gt;]]&gt;</content>",
            ),
        ),
        "intranet.xml": _rss(
            "内网转载",
            _item(
                "观澜科技发布大模型安全评测报告",
                "http://10.20.30.40/story/guanlan",
                "10:00",
                "观澜科技发布大模型安全评测报告，详见 http://localhost:8080/report/guanlan 与 "
                "https://guanlan.example/report。",
                '<guid isPermaLink="false">https://guanlan.example/story/1</guid>',
            )
            + _item(
                "青禾智能发布大模型客服系统",
                "http://192.168.7.7/qinghe",
                "09:30",
                "青禾智能发布大模型客服系统。",
            )
            + _item(
                "元数据泄露测试：大模型接口",
                "http://169.254.169.254/latest/meta-data/",
                "09:20",
                "一条指向云元数据地址的AI条目。",
            )
            + _item(
                "千帆智能发布AI推理芯片千帆T2",
                page("intranet/qianfan.html", OG_URL_PAGE),
                "09:10",
                "千帆智能发布AI推理芯片千帆T2。",
                '<enclosure url="http://169.254.169.254/t2.jpg" type="image/jpeg" length="1"/>',
            )
            + _item(
                "万象科技开源视频生成模型万象Motion",
                page("intranet/wanxiang.html", CANONICAL_PAGE),
                "09:00",
                "万象科技开源视频生成模型万象Motion。",
            ),
        ),
        "intranet-atom.xml": _atom(
            "Intranet Atom",
            _entry(
                "<title>Pylon Systems cuts the price of its AI inference API by half</title>",
                "http://cms.corp/pylon/price",
                "08:50",
                "<summary>Pylon Systems halved the price of its AI inference API for every model it hosts.</summary>",
                uid="https://pylon.example/news/price",
            )
            + _entry(
                "<title>Harbor Robotics trains a picking model on synthetic scenes</title>",
                page("intranet/harbor.html", LOCALHOST_PAGE).replace(base, local),
                "08:40",
                "<summary>Harbor Robotics trained a robot picking model on synthetic scenes.</summary>",
            ),
        ),
        "invisible.xml": _rss(
            "隐形字符",
            _item(
                "Quanta&#173;Flow 发布多模态大模型 Quanta&#173;Flow-2",
                page("invisible/quantaflow.html", SOFT_PAGE),
                "22:00",
                "Quanta&#173;Flow 发布多模态大模型。",
            )
            + _item(
                "云\u200b杉AI\u2060发布\u202e智能体框架云杉Agent 👩\u200d💻",
                page(
                    "invisible/agent-gbk.html",
                    _page("云杉AI", GBK_PAGE_BODY, charset="gbk").encode("gb18030"),
                    "text/html",
                ),
                "22:30",
                "\ufeff云杉AI发布智能体框架。",
            ),
        ),
        "invisible-atom.xml": _atom(
            "Invisible Atom",
            _entry(
                "<title>Ae&#x200B;ther&#x2060;Net ships a vision language model for drones</title>",
                "https://aethernet.example/vision",
                "23:50",
                "<summary>AetherNet shipped a vision language model that runs on drones.</summary>",
            ),
        ),
        "byline.xml": _rss(
            "署名测试",
            _item(
                "澜舟科技发布金融大模型澜舟Fin-2",
                page("byline/fin-2.html", BYLINE_ZH),
                "23:40",
                "澜舟科技发布金融大模型澜舟Fin-2。",
            )
            + _item(
                "九章智算宣布AI算力租赁价格下调两成",
                "https://jiuzhang.example/news/price",
                "23:30",
                "（记者 王书岚）九章智算宣布AI算力租赁价格下调两成，新价格下月生效。责任编辑：赵一舟",
            ),
        ),
        "byline-en.xml": _rss(
            "Byline Wire",
            _item(
                "Aster Robotics unveils a humanoid robot for hospitals",
                page("byline/aster.html", BYLINE_EN),
                "23:20",
                "Aster Robotics unveiled a humanoid robot for hospitals.",
            ),
        ),
    }
    for name, body in feeds.items():
        server.expect_request(f"/input/feeds/{name}").respond_with_data(
            body.encode("utf-8"), content_type="application/xml"
        )
    sources = [
        ("付费墙日报", "paywall.xml", "zh", 3.0, True),
        ("Consent Wire", "consent.xml", "en", 3.0, True),
        ("壳页观察", "shell.xml", "zh", 3.0, True),
        ("转义快讯", "escaped.xml", "zh", 10.0, False),
        ("Escaped Atom", "escaped-atom.xml", "en", 1.0, False),
        ("内网转载", "intranet.xml", "zh", 2.0, True),
        ("Intranet Atom", "intranet-atom.xml", "en", 2.0, True),
        ("隐形字符", "invisible.xml", "zh", 2.0, True),
        ("Invisible Atom", "invisible-atom.xml", "en", 1.0, False),
        ("署名测试", "byline.xml", "zh", 2.0, True),
        ("Byline Wire", "byline-en.xml", "en", 2.0, True),
    ]
    configured = [
        {
            "name": name,
            "url": f"{base}/feeds/{file}",
            "language": language,
            "region": "cn" if language == "zh" else "global",
            "weight": weight,
            "full_text": full_text,
        }
        for name, file, language, weight, full_text in sources
    ]
    return [*configured, {"name": "元数据", "url": "http://169.254.169.254/feed.xml", "language": "zh"}]
