"""The main text: readability first, trafilatura as the arbiter (generator.extract.maintext)."""

from __future__ import annotations

import lxml.html
import pytest

from generator.extract import maintext
from generator.extract.maintext import arbitrate, main_text

ARTICLE = [
    f"Paragraph {n}: Northwind Labs introduced Aurora-{n}, a data-centre accelerator built for inference, "
    f"and said the chip would reach cloud customers in the first quarter with {n * 8} GB of memory."
    for n in range(1, 6)
]


def text(*lines: str) -> str:
    return "\n\n".join(lines)


def test_furniture_readability_kept_around_the_text_goes() -> None:
    furniture = [
        "Photo: Jane Doe, AP",
        "Jane Doe, AP Technology Writer",
        "Northwind raises $1B in new funding round",
    ]
    first = text(furniture[0], ARTICLE[0], furniture[1], *ARTICLE[1:], furniture[2])
    assert arbitrate(first, text(*ARTICLE)) == text(*ARTICLE)


def test_what_readability_skipped_inside_the_article_comes_back() -> None:
    quote = (
        "“We expect the chip to halve the cost of serving a large model,”"
        " the chief executive wrote on social media."
    )
    second = text("Subscribe to our newsletter", *ARTICLE[:2], quote, *ARTICLE[2:], "Comments")
    assert arbitrate(text(*ARTICLE), second) == text(*ARTICLE[:2], quote, *ARTICLE[2:])


def test_short_or_empty_readability_text_gives_way() -> None:
    assert arbitrate("", text(*ARTICLE)) == text(*ARTICLE)
    assert arbitrate("Cookie settings", text(*ARTICLE)) == text(*ARTICLE)
    assert arbitrate(text(*ARTICLE), "") == text(*ARTICLE)


def test_a_teaser_listing_from_readability_gives_way() -> None:
    teasers = [
        f"Share Tweet Pin Download quote number {n}: be kind, be brave, be patient today." for n in range(6)
    ]
    assert arbitrate(text(*teasers), text(*ARTICLE)) == text(*ARTICLE)
    assert arbitrate(text(*ARTICLE), text(*teasers)) == text(*ARTICLE)


def test_when_the_two_disagree_readability_stays_first() -> None:
    half = text(*ARTICLE[:2])  # trafilatura found much less: readability's extra is real text
    assert arbitrate(text(*ARTICLE), half) == text(*ARTICLE)
    other = text("An entirely different text about something else, long enough to count as an article. " * 4)
    assert arbitrate(text(*ARTICLE), other) == text(*ARTICLE)


def page(body: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(
        f"<html><head><title>Aurora ships</title></head><body><nav>Home | About</nav><article>{body}"
        "</article><footer>© Northwind</footer></body></html>"
    )


def test_ruby_readings_are_not_inlined() -> None:
    body = "".join(
        f"<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rp>(</rp><rt>じ</rt><rp>)</rp></ruby>を学ぶ学生が増えている。{n}</p>"
        for n in range(8)
    )
    found, _ = main_text(page(body))
    assert "漢字を学ぶ学生が増えている。0" in found and "かん" not in found and "(" not in found


def test_readability_failing_leaves_trafilatura_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("readability broke")

    monkeypatch.setattr(maintext, "Document", broken)
    found, main_html = main_text(page("".join(f"<p>{p}</p>" for p in ARTICLE)))
    assert found == text(*ARTICLE) and main_html == ""


def test_trafilatura_failing_leaves_readability_text(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("trafilatura broke")

    monkeypatch.setattr(maintext.trafilatura, "extract", broken)
    found, _ = main_text(page("".join(f"<p>{p}</p>" for p in ARTICLE)))
    assert found == text(*ARTICLE)


def test_an_empty_page_gives_no_text_and_no_error() -> None:
    assert main_text(lxml.html.document_fromstring("<html></html>")) == ("", "")


# --- choosing between the two (issue 18, kind 8) -------------------------------------------------------------------

LEAD = (
    "Northwind Labs will sell its new inference chip to cloud providers from March, the company said on Tuesday, "
    "after two years of delays."
)


def test_a_lead_only_trafilatura_found_is_kept() -> None:
    """readability's main element starts below the standfirst: the lead comes from trafilatura's text, whichever
    text has more."""
    assert arbitrate(text(*ARTICLE), text(LEAD, *ARTICLE)) == text(LEAD, *ARTICLE)
    furniture = "Photo: Jane Doe, AP"
    first = text(ARTICLE[0], furniture, *ARTICLE[1:])
    assert arbitrate(first, text(LEAD, *ARTICLE)) == text(LEAD, *ARTICLE)
    # … and the same when readability's text is the longer one (a related-links box below the article)
    related = [f"Northwind story {n} of the week" for n in range(4)]
    assert arbitrate(text(*ARTICLE, *related), text(LEAD, *ARTICLE)) == text(LEAD, *ARTICLE)


def test_a_section_after_what_both_share_is_kept_and_buttons_are_not() -> None:
    closing = (
        "Analysts expect the first systems to ship in volume before the end of next year, said Mara Quell."
    )
    second = text("Subscribe to our newsletter", LEAD, *ARTICLE, closing, "Comments")
    assert arbitrate(text(*ARTICLE), second) == text(LEAD, *ARTICLE, closing)


@pytest.mark.parametrize(
    "gate",
    [
        text(  # a login prompt, long enough to pass the length threshold
            "Sign in",
            "Email address",
            "Password",
            "Keep me signed in on this device",
            "Forgot your password? Reset it here",
            "New to Northwind Review? Create a free account to keep reading our journalism",
            "Continue with Google",
            "Continue with Apple",
        ),
        text(  # a cookie dialog
            "We value your privacy",
            "We and our 842 partners store and access information on your device",
            "Accept all",
            "Reject all",
            "Manage preferences",
            "Legitimate interest",
            "Storage and access, personalised ads and content, ad measurement, audience research",
        ),
        text(  # a Chinese membership gate
            "读者登录",
            "手机号",
            "验证码",
            "登录后可阅读全文并参与评论，会员每月可免费阅读三十篇深度报道与独家数据",
            "没有账号？立即注册成为会员，享受无广告阅读、离线下载、专属活动邀请等多项权益",
            "支持微信、微博与QQ第三方账号一键登录，首次登录即送七天会员体验",
            "订阅会员：连续包月、连续包季、连续包年三种方案可选，随时可以取消订阅",
            "登录即表示同意用户协议与隐私政策",
            "忘记密码？可通过绑定的手机号或邮箱找回，如遇问题请联系在线客服或拨打服务热线",
            "企业会员请使用单位账号登录，团体订阅可享受批量折扣与专属发票服务",
        ),
    ],
)
def test_a_gate_readability_took_for_the_article_loses_to_the_article(gate: str) -> None:
    """A login prompt, a cookie dialog or a membership gate past the length threshold, read by readability as
    the page's main block; trafilatura found the article (and the other way round)."""
    assert len(gate) >= maintext.SHORT_TEXT
    assert arbitrate(gate, text(*ARTICLE)) == text(*ARTICLE)
    assert arbitrate(text(*ARTICLE), gate) == text(*ARTICLE)


def test_soft_hyphens_in_one_text_do_not_make_the_two_unrelated() -> None:
    hyphenated = [
        p.replace("accelerator", "acce\u00adler\u00adator").replace("customers", "cus\u00adtomers")
        for p in ARTICLE
    ]
    result = arbitrate(text(*hyphenated), text(LEAD, *ARTICLE))
    assert result.startswith(LEAD) and result.count("Paragraph 1:") == 1


def test_a_page_whose_article_sits_in_noscript_or_nav_keeps_it() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in ARTICLE)
    shell = f"<div id='app'>Loading…</div><noscript><article>{paragraphs}</article></noscript>"
    wrapped = f"<nav><a href='/'>Home</a></nav><nav class='layout'><article>{paragraphs}</article></nav>"
    for body in (shell, wrapped):
        html = f"<html><body>{body}</body></html>"
        found, _ = main_text(lxml.html.document_fromstring(html))
        assert found == text(*ARTICLE), html[:60]
