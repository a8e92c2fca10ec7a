"""Draw the sample day's small illustrative images with Pillow (run once: python make_images.py)."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).parent / "day" / "images"
SIZE = (640, 360)


def gradient(top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    image = Image.new("RGB", SIZE)
    draw = ImageDraw.Draw(image)
    for y in range(SIZE[1]):
        t = y / (SIZE[1] - 1)
        draw.line(
            [(0, y), (SIZE[0], y)],
            fill=tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    return image


def starweave() -> Image.Image:
    image = gradient((18, 24, 68), (70, 40, 120))
    draw = ImageDraw.Draw(image)
    points = [
        (320 + 140 * math.cos(k * math.pi / 6), 180 + 120 * math.sin(k * math.pi / 6)) for k in range(12)
    ]
    for i, a in enumerate(points):
        for b in points[i + 1 :: 3]:
            draw.line([a, b], fill=(150, 170, 255), width=2)
    for x, y in points:
        draw.ellipse([x - 7, y - 7, x + 7, y + 7], fill=(255, 220, 120))
    return image


def aurora_chip() -> Image.Image:
    image = gradient((10, 40, 40), (20, 90, 80))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        [220, 80, 420, 280], radius=16, fill=(30, 30, 34), outline=(120, 230, 200), width=4
    )
    draw.rectangle([270, 130, 370, 230], fill=(60, 200, 170))
    for k in range(8):
        offset = 95 + k * 24
        draw.line([(offset + 130, 40), (offset + 130, 80)], fill=(200, 200, 120), width=4)
        draw.line([(offset + 130, 280), (offset + 130, 320)], fill=(200, 200, 120), width=4)
        draw.line([(180, offset), (220, offset)], fill=(200, 200, 120), width=4)
        draw.line([(420, offset), (460, offset)], fill=(200, 200, 120), width=4)
    return image


def city() -> Image.Image:
    image = gradient((255, 170, 90), (120, 60, 110))
    draw = ImageDraw.Draw(image)
    heights = [120, 200, 160, 240, 180, 130, 220, 150, 190, 110]
    for i, h in enumerate(heights):
        x = 20 + i * 62
        draw.rectangle([x, 360 - h, x + 50, 360], fill=(40, 30, 60))
        for wy in range(360 - h + 12, 350, 24):
            draw.rectangle([x + 10, wy, x + 18, wy + 8], fill=(255, 230, 150))
            draw.rectangle([x + 30, wy, x + 38, wy + 8], fill=(255, 230, 150))
    return image


def robot() -> Image.Image:
    image = gradient((225, 232, 240), (170, 185, 205))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([270, 60, 370, 140], radius=18, fill=(70, 90, 120))
    draw.ellipse([292, 88, 312, 108], fill=(120, 240, 255))
    draw.ellipse([328, 88, 348, 108], fill=(120, 240, 255))
    draw.rounded_rectangle([250, 150, 390, 280], radius=20, fill=(90, 110, 140))
    draw.line([(250, 170), (190, 240)], fill=(90, 110, 140), width=18)
    draw.line([(390, 170), (450, 240)], fill=(90, 110, 140), width=18)
    draw.rectangle([270, 280, 300, 340], fill=(70, 90, 120))
    draw.rectangle([340, 280, 370, 340], fill=(70, 90, 120))
    return image


def chart() -> Image.Image:
    image = Image.new("RGB", SIZE, (250, 250, 252))
    draw = ImageDraw.Draw(image)
    draw.line([(60, 320), (600, 320)], fill=(60, 60, 60), width=3)
    draw.line([(60, 40), (60, 320)], fill=(60, 60, 60), width=3)
    colors = [(66, 133, 244), (52, 168, 83), (251, 188, 5), (234, 67, 53)]
    for i, value in enumerate([150, 210, 180, 260, 120, 240, 200, 280]):
        x = 90 + i * 64
        draw.rectangle([x, 320 - value, x + 40, 318], fill=colors[i % len(colors)])
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    starweave().save(OUT / "starweave.png", optimize=True)
    aurora_chip().save(OUT / "aurora-chip.jpg", quality=80, optimize=True)
    city().save(OUT / "haizhou-city.png", optimize=True)
    robot().save(OUT / "humanoid-robot.jpg", quality=80, optimize=True)
    chart().save(OUT / "benchmark-chart.png", optimize=True)
    for path in sorted(OUT.iterdir()):
        print(path.name, path.stat().st_size)


if __name__ == "__main__":
    main()
