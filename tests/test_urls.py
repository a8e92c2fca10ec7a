"""Which links a post may carry (generator.urls: link_scope, publishable_url, strip_local_urls). Every name here
is fictional or reserved for documentation."""

from __future__ import annotations

import pytest

from generator.urls import is_public_url, link_scope, publishable_url, strip_local_urls


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/2026/11/aurora",
        "http://WWW.Northwind.example./a",
        "https://例子.中国/新闻",
        "http://8.8.8.8/feed",
        "http://1.2.3/x",  # 1.2.0.3, as browsers read a three-part address
    ],
)
def test_public_links(url: str) -> None:
    assert link_scope(url) == "public" and publishable_url(url, fetched=False)


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:8080/a",
        "http://LOCALHOST./a",
        "http://ｌｏｃａｌｈｏｓｔ/a",  # full-width: the URL Standard folds it to localhost
        "http://api.localhost/a",
        "http://127.0.0.1/a",
        "http://127.1/a",
        "http://2130706433/a",
        "http://0x7f000001/a",
        "http://0177.0.0.1/a",
        "http://10.20.30.40/a",
        "http://172.16.5.4/a",
        "http://192.168.1.20/a",
        "http://100.64.3.2/a",  # shared address space (carrier-grade NAT)
        "http://0.0.0.0/a",
        "http://[::1]/a",
        "http://[::]/a",
        "http://[fd12:3456::1]/a",
        "http://[2001:db8::1]/a",  # every IPv6 literal: readers follow names, not literals
        "http://printer.local/a",
        "http://wiki.internal/a",
        "http://nas.lan/a",
        "http://router.home.arpa/a",
        "http://build.corp/a",
        "http://intranet/a",  # a single label
        "http://server.invalid/a",
    ],
)
def test_local_links_only_when_fetched(url: str) -> None:
    assert link_scope(url) == "local"
    assert not publishable_url(url, fetched=False) and publishable_url(url, fetched=True)


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/a",
        "http://[fe80::1%25eth0]/a",
        "http://[::ffff:169.254.10.1]/a",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://metadata/a",
        "http://100.100.100.200/a",
        "http://[fd00:ec2::254]/a",
        "javascript:alert(1)",
        "data:text/html,hi",
        "/relative/path",
        "http://999.1.1.1/a",
    ],
)
def test_link_local_metadata_and_non_urls_never(url: str) -> None:
    assert link_scope(url) == "never"
    assert not publishable_url(url, fetched=True) and not is_public_url(url)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "详见 http://localhost:8080/report，或 https://docs.example/x。",
            "详见，或 https://docs.example/x。",
        ),
        ("See http://10.0.0.5/report. Then http://[fe80::1]/a.", "See. Then."),
        ("内部地址 10.0.0.5:8080/admin 和 localhost:3000 已关闭。", "内部地址 和 已关闭。"),
        (
            "网关 192.168.1.1 不是链接，版本 1.2.3.4 也不是。",
            "网关 192.168.1.1 不是链接，版本 1.2.3.4 也不是。",
        ),
        ("a\n\nhttp://intranet/wiki/page\n\nb", "a\n\nb"),
        ("no links at all", "no links at all"),
    ],
)
def test_urls_no_reader_can_follow_leave_the_text(text: str, expected: str) -> None:
    assert strip_local_urls(text) == expected


def test_a_url_in_brackets_keeps_its_brackets() -> None:
    assert (
        strip_local_urls("the Buildathon [http://buildathon.example] ran")
        == "the Buildathon [http://buildathon.example] ran"
    )
    assert strip_local_urls("the wiki [http://10.0.0.5/x] moved") == "the wiki [] moved"


@pytest.mark.parametrize(
    ("url", "scope"),
    [
        ("http://loc%61lhost/a", "local"),  # percent-decoded, as the URL Standard reads a host
        ("http://%31%32%37.0.0.1/a", "local"),
        ("http://%5Bfe80::1%5D/a", "never"),  # brackets once decoded: no host at all
        ("http://a%2Fb.example/a", "never"),
    ],
)
def test_percent_encoded_hosts(url: str, scope: str) -> None:
    assert link_scope(url) == scope
