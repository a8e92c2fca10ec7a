"""scripts/demo builds the sample site for the local server its closing lines name, so that its absolute links (the
language switch of a post, the 信源状态 page's latest post) open there and not on the placeholder site."""

from __future__ import annotations

from generator.samples.demo import DEMO_PORT, demo_site_urls


def test_the_demo_site_is_built_for_the_server_it_names() -> None:
    urls = demo_site_urls(into_docs=False, environ={})
    assert urls == {
        "SITE_URL": f"http://127.0.0.1:{DEMO_PORT}/",
        "SITE_URL_EN": f"http://127.0.0.1:{DEMO_PORT}/en/",
    }


def test_the_owners_docs_and_address_are_left_alone() -> None:
    assert demo_site_urls(into_docs=True, environ={}) == {}  # --into-docs: the real site's address stays
    assert demo_site_urls(into_docs=False, environ={"SITE_URL": "https://owner.example/"}) == {}
