"""Lead images: only what really is an image is shown, with its real size, lazy and without a Referer; the gate
accepts exactly those attributes."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, date, datetime

import builders
import pytest
from PIL import Image
from pytest_httpserver import HTTPServer
from test_publish import make_post

from generator.config import FetchSettings, PostSettings
from generator.errors import DataError, GateError
from generator.models import LeadImage, Story
from generator.net.fetch import Fetcher
from generator.post.images import MIN_SIDE, collect_images, image_candidates, image_size
from generator.site.publish import check_gate

DAY = date(2026, 11, 16)
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
HTML = b"<!doctype html><title>Not found</title><p>gone</p>"


def picture(kind: str, size: tuple[int, int] = (160, 90)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=kind)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height` pixels (a decompression bomb's header)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


@pytest.mark.parametrize(
    ("content", "declared", "expected"),
    [
        (picture("PNG"), "image/png", ("png", 160, 90)),
        (picture("JPEG", (640, 360)), "image/jpeg", ("jpg", 640, 360)),
        (picture("GIF", (90, 160)), "image/gif", ("gif", 90, 160)),
        (picture("WEBP", (300, 200)), "image/webp; charset=binary", ("webp", 300, 200)),
    ],
)
def test_image_size_reads_the_real_size(
    content: bytes, declared: str, expected: tuple[str, int, int]
) -> None:
    assert image_size(content, declared) == expected


@pytest.mark.parametrize(
    ("content", "declared", "reason"),
    [
        (MP4, "video/mp4", "not an image"),  # a .mp4 from <media:content type="video/mp4">
        (MP4, "image/jpeg", "not a PNG, JPEG, GIF or WebP"),  # lying about its type
        (HTML, "text/html; charset=utf-8", "not an image"),  # an error page at the image URL
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml", "not a PNG"),
        (picture("PNG")[:60], "image/png", "not a readable png image"),  # cut off
        (png_claiming(100_000, 100_000), "image/png", "not a readable png image"),  # decompression bomb
        (picture("PNG", (1, 1)), "image/png", f"smaller than {MIN_SIDE}"),  # a spacer or tracking pixel
    ],
)
def test_image_size_refuses_what_is_not_a_usable_image(content: bytes, declared: str, reason: str) -> None:
    with pytest.raises(DataError, match=reason):
        image_size(content, declared)


def story(n: int, *images: str | None) -> Story:
    """A story of one article per image (the first one primary)."""
    return builders.story(
        *(
            builders.article(
                "t",
                id=f"s{n}{k}",
                url=f"https://example.com/{n}/{k}",
                extracted=False,
                published=datetime(2026, 11, 15, tzinfo=UTC),
                image=image,
            )
            for k, image in enumerate(images)
        )
    )


def test_candidates_are_http_urls_in_article_order_once() -> None:
    found = image_candidates(
        story(1, "https://a.example/1.png", None, "javascript:x", "https://a.example/1.png")
    )
    assert found == ["https://a.example/1.png"]


def test_link_local_and_metadata_images_are_never_candidates() -> None:
    """Not even with fetch.allow_private_hosts: true (issue 18, kind 3); a local one is fetched (and refused unless
    the config allows its host) like any other."""
    found = image_candidates(
        story(
            2,
            "http://169.254.169.254/lead.png",
            "http://[fe80::1]/lead.png",
            "http://metadata.google.internal/lead.png",
            "http://10.0.0.9/lead.png",
            "https://a.example/2.png",
        )
    )
    assert found == ["http://10.0.0.9/lead.png", "https://a.example/2.png"]


def test_collect_images_shows_only_verified_images(
    httpserver: HTTPServer, fetch_settings: FetchSettings
) -> None:
    served = {
        "/video.mp4": (MP4, "video/mp4"),
        "/page.html": (HTML, "text/html"),
        "/photo.jpg": (picture("JPEG", (640, 360)), "image/jpeg"),
        "/chart.webp": (picture("WEBP", (300, 200)), "image/webp"),
        "/blank.gif": (picture("GIF", (1, 1)), "image/gif"),
    }
    for path, (content, declared) in served.items():
        httpserver.expect_request(path).respond_with_data(content, content_type=declared)
    url = httpserver.url_for
    stories = [
        story(1, url("/video.mp4"), url("/page.html"), url("/photo.jpg")),  # the third article's image wins
        story(2, url("/chart.webp")),
        story(3, url("/blank.gif"), url("/gone.png")),  # a placeholder and a 500: nothing
        story(4, None),  # no image: not counted as left out
    ]
    got = collect_images(stories, DAY, PostSettings(), Fetcher(fetch_settings))
    assert got.sources == {
        "s10": LeadImage(url("/photo.jpg"), 640, 360),
        "s20": LeadImage(url("/chart.webp"), 300, 200),
    }
    assert got.files == {} and len(got.notes) == 1 and got.notes[0].startswith("1 lead image(s) left out")


def test_private_image_hosts_are_refused_by_the_fetcher(
    httpserver: HTTPServer, fetch_settings: FetchSettings
) -> None:
    httpserver.expect_request("/photo.jpg").respond_with_data(picture("JPEG"), content_type="image/jpeg")
    guarded = Fetcher(fetch_settings.model_copy(update={"allow_private_hosts": False}))
    got = collect_images([story(1, httpserver.url_for("/photo.jpg"))], DAY, PostSettings(), guarded)
    assert got.sources == {} and "non-public address" in got.notes[0]


# --- the gate accepts exactly the attributes the renderer writes ---------------------------------------------------

REMOTE = "https://img.example.com/a.png"
LOCAL = "../../assets/images/2026-11-16/00000000000000aa.png"


def gate_body(body: str) -> None:
    check_gate(
        make_post(body=f"# 标题\n\n{body}\n"),
        min_stories=3,
        allowed_links=set(),
        allowed_images={REMOTE, LOCAL},
        authors={"ainews"},
    )


@pytest.mark.parametrize(
    "body",
    [
        f'![a]({REMOTE}){{ width="640" height="360" loading="lazy" referrerpolicy="no-referrer" }}',
        f'![a]({LOCAL}){{ width="640" height="360" loading="lazy" }}',
        f"![a]({LOCAL})",
    ],
)
def test_gate_accepts_the_image_attributes_we_write(body: str) -> None:
    gate_body(body)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (f'![a]({REMOTE}){{ width="640" height="360" loading="lazy" }}', "lacks referrerpolicy=no-referrer"),
        (f'![a]({LOCAL}){{ style="position:fixed" }}', "has the attribute 'style'"),
        (f"![a]({LOCAL}){{ .wide }}", "has the attribute 'class'"),
        (f'![a]({LOCAL}){{ loading="eager" }}', "has loading='eager'"),
        (f'![a]({REMOTE}){{ referrerpolicy="unsafe-url" }}', "has referrerpolicy='unsafe-url'"),
        (f'![a]({LOCAL}){{ width="100%" }}', "has width='100%'"),
        (f'![a]({LOCAL}){{ height="0" }}', "has height='0'"),
        (f'![a]({LOCAL}){{ width="٣" }}', "has width='٣'"),
        ("text \ufffe more", "XML 1.0 forbids"),
    ],
)
def test_gate_refuses_other_image_attributes_and_invalid_xml(body: str, reason: str) -> None:
    with pytest.raises(GateError, match=reason):
        gate_body(body)
