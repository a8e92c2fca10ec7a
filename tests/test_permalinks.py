"""Post URLs as the blog plugin makes them, checked against a real `mkdocs build` of a small blog whose
mkdocs.yml changes every option the URL depends on (tests/test_site.py checks the project's own settings)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.samples.demo import build_site
from generator.site.layout import SiteInfo, SiteLayout, load_site
from generator.site.permalinks import created_at, post_path, post_url
from generator.site.posts import load_posts

MKDOCS = """\
site_name: Test
site_url: https://news.example.org/sub/
use_directory_urls: false
theme:
  name: material
  language: zh
plugins:
  - blog:
      blog_dir: blog
      post_url_format: "{categories}/{date}/{file}-{slug}"
      post_url_date_format: yyyy-MM
      post_url_max_categories: 2
  - tags
"""

POSTS = {
    "first.md": "---\ndate: 2026-11-16 08:00:00+13:00\ncategories: [AI 日报, Open Source]\nslug: one\n---\n",
    "second.md": "---\ndate: 2026-11-30\ncategories: [Models]\n---\n",  # no slug: the title, slugified
    "third.md": "---\ndate:\n  created: 2026-12-01 23:30:00\n---\n",  # the mapping form, a naive time (UTC)
}


@pytest.fixture(scope="module")
def small_blog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("blog")
    (root / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    docs = root / "docs"
    (docs / "blog" / "posts").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (docs / "blog" / "index.md").write_text("# Blog\n", encoding="utf-8")
    titles = {"first.md": "第一篇", "second.md": "Second Post: Hello World", "third.md": "第三篇"}
    for name, head in POSTS.items():
        body = f"{head}\n# {titles[name]}\n\nText.\n\n<!-- more -->\n"
        (docs / "blog" / "posts" / name).write_text(body, encoding="utf-8")
    build_site(root, root / "site")
    return root


def test_every_url_option_is_followed(small_blog: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    site = load_site(small_blog / "mkdocs.yml")
    assert (site.blog_dir, site.post_url_date_format, site.use_directory_urls) == ("blog", "yyyy-MM", False)
    records = {r.path.name: r for r in load_posts(SiteLayout.of(small_blog / "docs", site))}
    built = {
        p.relative_to(small_blog / "site").as_posix() for p in (small_blog / "site" / "blog").rglob("*.html")
    }
    paths = {
        name: post_path(site, r.meta | {"title": title_of(r.path)}, r.path.stem)
        for name, r in records.items()
    }
    assert paths == {
        "first.md": "blog/ai-日报/open-source/2026-11/first-one.html",  # the date in its own offset
        "second.md": "blog/models/2026-11/second-second-post-hello-world.html",
        "third.md": "blog/2026-12/third-第三篇.html",
    }
    assert set(paths.values()) <= built
    first = records["first.md"]
    assert post_url(site, first.meta, "first") == (
        "https://news.example.org/sub/blog/ai-%E6%97%A5%E6%8A%A5/open-source/2026-11/first-one.html"
    )


def title_of(path: Path) -> str:
    """The post's title as the blog plugin reads it when the front matter has none: its first heading."""
    return next(line[2:] for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("# "))


def test_a_post_without_a_date_or_a_site_without_a_url_is_refused() -> None:
    with pytest.raises(ValueError, match="no date"):
        post_path(SiteInfo(), {"title": "x"}, "x")
    with pytest.raises(ValueError, match="no site_url"):
        post_url(SiteInfo(url=""), {"date": created_at("2026-11-16") or "2026-11-16"}, "x")
    assert created_at("2026-11-16") is None and created_at({"created": None}) is None
